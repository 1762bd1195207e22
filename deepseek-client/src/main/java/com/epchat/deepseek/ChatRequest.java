package com.epchat.deepseek;

import java.util.List;
import java.util.Objects;

/**
 * One streamed chat completion call: the API model id (resolved by the caller from {@code GET /models};
 * never a logical product name), the conversation, and {@code max_tokens} ({@code 0} or less leaves it out
 * so the provider default applies).
 */
public record ChatRequest(String model, List<ChatMessage> messages, int maxTokens) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
    }

    /** True when the last message is an assistant prefix: the call must go to the beta endpoint. */
    public boolean usesPrefixCompletion() {
        return Boolean.TRUE.equals(messages.get(messages.size() - 1).prefix());
    }
}
