package com.epchat.simulator.api;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST {,/v1,/beta}/chat/completions}: parses and plans the request, bills the prompt, then hands the plan
 * to the streaming or the blocking responder. Every rejection becomes DeepSeek's error body.
 */
final class ChatCompletionHandler {

    static final String FAULT_HEADER = "X-Sim-Fault";

    private final SimulatorRuntime runtime;
    private final CompletionPlanner planner;
    private final StreamingResponder streaming;
    private final BlockingResponder blocking;

    ChatCompletionHandler(SimulatorRuntime runtime) {
        this.runtime = runtime;
        this.planner = new CompletionPlanner(runtime);
        this.streaming = new StreamingResponder(runtime.counters());
        this.blocking = new BlockingResponder(runtime.counters());
    }

    Mono<ServerResponse> handle(ServerRequest request, boolean beta) {
        runtime.counters().requestReceived();
        String faultHeader = request.headers().firstHeader(FAULT_HEADER);
        return request.bodyToMono(String.class)
                .defaultIfEmpty("")
                .flatMap(body -> {
                    ChatRequest chat = ChatRequest.parse(body);
                    CompletionPlan plan = planner.plan(chat, beta, faultHeader);
                    runtime.counters().completionStarted(plan.promptTokens(), plan.cacheHitTokens());
                    return chat.stream() ? streaming.respond(plan) : blocking.respond(plan);
                })
                .onErrorResume(DataBufferLimitException.class,
                        e -> Mono.error(ApiException.invalidRequest("Request body too large")))
                .onErrorResume(ApiException.class, ErrorResponses::of);
    }
}
