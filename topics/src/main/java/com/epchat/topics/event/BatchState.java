package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * The latest state of a batch, keyed by {@code batchId} on a compacted topic. Written by
 * batch-coordinator on every change; read by ingest-api ({@code GET /api/batches}).
 *
 * @param spent actual cost of the batch's ended attempts
 * @param reserved worst case of its running items (counted against {@code spec.maxCost})
 * @param usage tokens of its ended attempts
 */
public record BatchState(
        String batchId,
        String userId,
        BatchStatus status,
        BatchCounts counts,
        BatchSpec spec,
        Usd spent,
        Usd reserved,
        TokenUsage usage,
        Instant inProgressAt,
        Instant finishedAt,
        Instant updatedAt) {
}
