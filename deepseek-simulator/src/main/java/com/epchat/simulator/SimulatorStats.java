package com.epchat.simulator;

/**
 * A snapshot of what a {@link DeepSeekSimulator} has served and billed since it started, so tests can compare it
 * with what the pipeline billed.
 *
 * @param requests             chat completion requests received (including rejected ones)
 * @param completionsStarted   requests answered with 200 (streaming or not), faulted mid-stream ones included
 * @param promptTokens         prompt tokens billed (counted when a completion starts)
 * @param promptCacheHitTokens the part of {@code promptTokens} that was a context-cache hit
 * @param completionTokens     completion tokens (reasoning included) actually sent to clients
 */
public record SimulatorStats(long requests, long completionsStarted, long promptTokens, long promptCacheHitTokens,
                             long completionTokens) {

    public long promptCacheMissTokens() {
        return promptTokens - promptCacheHitTokens;
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
