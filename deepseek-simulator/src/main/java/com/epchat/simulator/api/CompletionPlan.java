package com.epchat.simulator.api;

import com.epchat.simulator.faults.Fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything one accepted chat completion will send, decided before the first byte: the reasoning and content
 * tokens, the natural finish reason, the prompt usage, the timing and an optional mid-stream fault. The responders
 * only render and pace it.
 *
 * @param midStreamFault {@code null}, or a fault that cuts the answer after {@code faultAfter} tokens
 */
record CompletionPlan(String id, long created, String model, List<String> reasoning, List<String> content,
                      String finishReason, long promptTokens, long cacheHitTokens, Duration firstTokenDelay,
                      double tokensPerSecond, Duration keepAliveInterval, Fault midStreamFault, int faultAfter) {

    static final String INSUFFICIENT_SYSTEM_RESOURCE = "insufficient_system_resource";

    /** One emitted token: reasoning or answer text. */
    record Token(boolean reasoning, String text) {
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    boolean thinking() {
        return ModelCatalog.thinks(model);
    }

    /** The tokens to emit, in order, cut at {@code faultAfter} when a mid-stream fault is planned. */
    List<Token> tokens() {
        List<Token> tokens = new ArrayList<>(reasoning.size() + content.size());
        reasoning.forEach(text -> tokens.add(new Token(true, text)));
        content.forEach(text -> tokens.add(new Token(false, text)));
        return midStreamFault == null ? tokens : tokens.subList(0, Math.min(faultAfter, tokens.size()));
    }

    /** The finish reason of a plan that ends normally, or with the insufficient-resources fault. */
    String endingFinishReason() {
        return midStreamFault == Fault.INSUFFICIENT_RESOURCES ? INSUFFICIENT_SYSTEM_RESOURCE : finishReason;
    }

    /** Time between two tokens, {@link Duration#ZERO} for "as fast as possible". */
    Duration tokenPeriod() {
        return tokensPerSecond <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(1_000_000_000d / tokensPerSecond));
    }

    WireJson.Usage usage(List<Token> emitted) {
        long reasoningTokens = emitted.stream().filter(Token::reasoning).count();
        long completion = emitted.size();
        return new WireJson.Usage(promptTokens, completion, promptTokens + completion,
                new WireJson.PromptTokensDetails(cacheHitTokens), cacheHitTokens, promptTokens - cacheHitTokens,
                new WireJson.CompletionTokensDetails(reasoningTokens));
    }
}
