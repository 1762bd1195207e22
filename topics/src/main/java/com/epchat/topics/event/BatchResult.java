package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * The result of one item, keyed by {@code <batchId>/<custom_id>} on a compacted topic and written to
 * the batch's own partition ({@code Topics.batchPartition}), so a reader of one batch reads one
 * partition. Written by batch-coordinator once per item, when the item ends for good; read by
 * ingest-api ({@code GET /api/batches/{id}/results}).
 *
 * @param error null on success; otherwise a code ({@code budget_rejected}, {@code batch_cancelled},
 *     {@code batch_expired}, {@code provider_error}, ...) and a message
 */
public record BatchResult(
        String batchId,
        String customId,
        int line,
        String jobId,
        String output,
        String finishReason,
        TokenUsage usage,
        Usd cost,
        Error error,
        Instant finishedAt) {

    /** Why an item did not succeed. */
    public record Error(String code, String message) {
    }

    public static String key(String batchId, String customId) {
        return batchId + "/" + customId;
    }
}
