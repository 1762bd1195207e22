package com.epchat.ingest.generate;

import java.util.List;

/**
 * The body of {@code POST /api/generate}. Either {@code prompt} or {@code messages}; everything
 * else optional: {@code model} defaults to {@code MODEL_NAME}, {@code maxTokens} to 4096,
 * {@code enableBudgetGuard} to true, {@code userId} to the user of the caller's API key (only an
 * {@code admin} key may name another user).
 */
public record GenerateRequest(String prompt, List<Message> messages, String model, Integer maxTokens,
        Boolean enableBudgetGuard, String userId, Boolean stream) {

    /** One conversation turn as a client sends it. */
    public record Message(String role, String content) {
    }
}
