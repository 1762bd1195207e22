package com.epchat.simulator.api;

import com.epchat.simulator.faults.Fault;
import com.epchat.simulator.usage.UsageCounters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link CompletionPlan} as DeepSeek's data-only SSE stream: {@code : keep-alive} comments until the
 * first token, a role chunk, one chunk per token at the planned rate (reasoning_content first for the reasoner),
 * a final chunk carrying finish_reason and usage, then {@code data: [DONE]}. Mid-stream faults replace the ending.
 * Completion tokens are billed as they are handed to the connection.
 */
final class StreamingResponder {

    private static final String KEEP_ALIVE = ": keep-alive\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private final UsageCounters counters;

    StreamingResponder(UsageCounters counters) {
        this.counters = counters;
    }

    Mono<ServerResponse> respond(CompletionPlan plan) {
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body((out, context) -> out.writeAndFlushWith(frames(plan, out).map(frame -> frame.render(out))));
    }

    private Flux<Frame> frames(CompletionPlan plan, ReactiveHttpOutputMessage out) {
        List<CompletionPlan.Token> tokens = plan.tokens();
        Flux<Frame> start = Pacing.keepAlives(plan.firstTokenDelay(), plan.keepAliveInterval(), KEEP_ALIVE)
                .concatWith(Mono.fromSupplier(() -> Frame.text(chunk(plan, roleDelta(), null, null))));
        Flux<Frame> body = Pacing.paced(tokens, plan.tokenPeriod()).map(token -> {
            counters.completionTokensSent(1);
            return Frame.text(chunk(plan, delta(plan, token), null, null));
        });
        return start.concatWith(body).concatWith(Flux.defer(() -> ending(plan, tokens, out)));
    }

    private static Flux<Frame> ending(CompletionPlan plan, List<CompletionPlan.Token> tokens,
                                      ReactiveHttpOutputMessage out) {
        if (plan.midStreamFault() == Fault.STALL) {
            return Pacing.stall(out);
        }
        if (plan.midStreamFault() == Fault.DISCONNECT) {
            return Pacing.disconnect(out);
        }
        Map<String, Object> emptyDelta = new LinkedHashMap<>();
        emptyDelta.put("content", "");
        String last = chunk(plan, emptyDelta, plan.endingFinishReason(), plan.usage(tokens));
        return Flux.just(Frame.text(last), Frame.text(DONE));
    }

    private static String chunk(CompletionPlan plan, Map<String, Object> delta, String finishReason,
                                WireJson.Usage usage) {
        WireJson.Chunk chunk = new WireJson.Chunk(plan.id(), "chat.completion.chunk", plan.created(), plan.model(),
                WireJson.FINGERPRINT, List.of(new WireJson.ChunkChoice(0, delta, null, finishReason)), usage);
        return "data: " + WireJson.write(chunk) + "\n\n";
    }

    private static Map<String, Object> roleDelta() {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("role", "assistant");
        delta.put("content", "");
        return delta;
    }

    private static Map<String, Object> delta(CompletionPlan plan, CompletionPlan.Token token) {
        Map<String, Object> delta = new LinkedHashMap<>();
        if (token.reasoning()) {
            delta.put("content", null);
            delta.put("reasoning_content", token.text());
        } else {
            delta.put("content", token.text());
            if (plan.thinking()) {
                delta.put("reasoning_content", null);
            }
        }
        return delta;
    }
}
