package com.epchat.topics.event;

/**
 * Tokens by the kind they are billed as. {@code output} includes {@code reasoning} (as DeepSeek's
 * {@code completion_tokens} does); reasoning is reported apart for visibility only.
 */
public record TokenUsage(long inputCacheHit, long inputCacheMiss, long output, long reasoning) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    public long input() {
        return inputCacheHit + inputCacheMiss;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputCacheHit + other.inputCacheHit, inputCacheMiss + other.inputCacheMiss,
                output + other.output, reasoning + other.reasoning);
    }
}
