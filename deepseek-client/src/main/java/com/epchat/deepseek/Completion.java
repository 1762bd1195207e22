package com.epchat.deepseek;

/**
 * A call that ended with a {@code finish_reason}: the API model that actually served it (as echoed in the
 * stream), the finish reason ({@code stop}, {@code length}, {@code content_filter}, ...), the usage
 * ({@code null} if the provider sent none) and the full answer and chain of thought.
 */
public record Completion(String apiModel, String finishReason, Usage usage, String content, String reasoning) {

    /** True when the answer hit {@code max_tokens}: a candidate for continuation by prefix completion. */
    public boolean cutOff() {
        return "length".equals(finishReason);
    }
}
