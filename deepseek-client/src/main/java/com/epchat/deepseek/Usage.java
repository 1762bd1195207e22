package com.epchat.deepseek;

/**
 * Tokens the provider billed for one call, as reported in the {@code usage} object of the stream:
 * {@code prompt_tokens = prompt_cache_hit_tokens + prompt_cache_miss_tokens}; {@code completion_tokens}
 * includes the reasoning tokens ({@code completion_tokens_details.reasoning_tokens}).
 */
public record Usage(long promptTokens, long promptCacheHitTokens, long promptCacheMissTokens,
                    long completionTokens, long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Sum of two calls, e.g. the rounds of a continued answer. */
    public Usage plus(Usage other) {
        if (other == null) {
            return this;
        }
        return new Usage(promptTokens + other.promptTokens, promptCacheHitTokens + other.promptCacheHitTokens,
                promptCacheMissTokens + other.promptCacheMissTokens, completionTokens + other.completionTokens,
                reasoningTokens + other.reasoningTokens);
    }
}
