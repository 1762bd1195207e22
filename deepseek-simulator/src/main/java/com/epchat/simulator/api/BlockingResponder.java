package com.epchat.simulator.api;

import com.epchat.simulator.faults.Fault;
import com.epchat.simulator.usage.UsageCounters;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link CompletionPlan} as a non-streaming {@code chat.completion}: blank lines every keep-alive
 * interval for as long as a stream of the same plan would take to reach its last token (first-token delay plus one
 * token period per further token), then the whole JSON. Mid-stream faults: {@code stall} stops sending at that
 * moment and holds the socket, {@code disconnect} drops it; neither bills completion tokens (none reached the
 * client). {@code insufficient_resources} answers with the tokens before the fault.
 */
final class BlockingResponder {

    private static final String BLANK_LINE = "\n";

    private final UsageCounters counters;

    BlockingResponder(UsageCounters counters) {
        this.counters = counters;
    }

    Mono<ServerResponse> respond(CompletionPlan plan) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body((out, context) -> out.writeAndFlushWith(frames(plan, out).map(frame -> frame.render(out))));
    }

    private Flux<Frame> frames(CompletionPlan plan, ReactiveHttpOutputMessage out) {
        List<CompletionPlan.Token> tokens = plan.tokens();
        Duration generation = plan.tokenPeriod().multipliedBy(Math.max(0, tokens.size() - 1));
        Flux<Frame> waiting = Pacing.keepAlives(plan.firstTokenDelay().plus(generation), plan.keepAliveInterval(),
                BLANK_LINE);
        return waiting.concatWith(Flux.defer(() -> ending(plan, tokens, out)));
    }

    private Flux<Frame> ending(CompletionPlan plan, List<CompletionPlan.Token> tokens, ReactiveHttpOutputMessage out) {
        if (plan.midStreamFault() == Fault.STALL) {
            return Pacing.stall(out);
        }
        if (plan.midStreamFault() == Fault.DISCONNECT) {
            return Pacing.disconnect(out);
        }
        counters.completionTokensSent(tokens.size());
        return Flux.just(Frame.text(WireJson.write(completion(plan, tokens))));
    }

    private static WireJson.Completion completion(CompletionPlan plan, List<CompletionPlan.Token> tokens) {
        String content = tokens.stream().filter(t -> !t.reasoning()).map(CompletionPlan.Token::text)
                .collect(Collectors.joining());
        String reasoning = plan.thinking() ? tokens.stream().filter(CompletionPlan.Token::reasoning)
                .map(CompletionPlan.Token::text).collect(Collectors.joining()) : null;
        WireJson.Message message = new WireJson.Message("assistant", content, reasoning);
        return new WireJson.Completion(plan.id(), "chat.completion", plan.created(), plan.model(), WireJson.FINGERPRINT,
                List.of(new WireJson.CompletionChoice(0, message, null, plan.endingFinishReason())),
                plan.usage(tokens));
    }
}
