package com.epchat.ingest.batches;

import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of {@code GET /api/batches/{id}/results}, snake_case like OpenAI's batch output:
 * {@code {"custom_id","line","job_id","output","finish_reason","usage":{...},"cost":"0.00123",
 * "error":null|{"code","message"}}}. Every field is written, nulls included.
 */
record BatchResultLine(
        @JsonProperty("custom_id") String customId,
        int line,
        @JsonProperty("job_id") String jobId,
        String output,
        @JsonProperty("finish_reason") String finishReason,
        Usage usage,
        Usd cost,
        BatchResult.Error error) {

    /** Token counts with DeepSeek's names; completion includes reasoning. */
    record Usage(
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("prompt_cache_hit_tokens") long promptCacheHitTokens,
            @JsonProperty("prompt_cache_miss_tokens") long promptCacheMissTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("reasoning_tokens") long reasoningTokens,
            @JsonProperty("total_tokens") long totalTokens) {

        static Usage of(TokenUsage u) {
            TokenUsage t = u == null ? TokenUsage.NONE : u;
            return new Usage(t.input(), t.inputCacheHit(), t.inputCacheMiss(), t.output(), t.reasoning(),
                    t.input() + t.output());
        }
    }

    static BatchResultLine of(BatchResult r) {
        return new BatchResultLine(r.customId(), r.line(), r.jobId(), r.output(), r.finishReason(),
                Usage.of(r.usage()), r.cost() == null ? Usd.ZERO : r.cost(), r.error());
    }
}
