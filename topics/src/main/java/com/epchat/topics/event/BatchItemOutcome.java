package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * How one attempt of a bulk item ended, keyed by {@code batchId}. Written by generation-worker when a
 * bulk job ends (with the whole output, including what a previous owner streamed before a takeover)
 * and when it reads a rejected bulk decision; read by batch-coordinator.
 *
 * @param state COMPLETED, FAILED, CANCELLED, or REJECTED (by the budget guard)
 * @param output the answer text (empty when rejected)
 * @param error a reason code when not COMPLETED ({@code provider_error}, {@code cancelled}, ...)
 * @param rejectedAt the budget level that tripped, when REJECTED
 * @param retryAt when that level's window resets; null for the request level
 */
public record BatchItemOutcome(
        BatchRef batch,
        String jobId,
        String userId,
        JobState state,
        String output,
        String finishReason,
        String apiModel,
        TokenUsage usage,
        Usd cost,
        String error,
        BudgetLevel rejectedAt,
        Instant retryAt,
        Instant at) {
}
