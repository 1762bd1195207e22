package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * The latest known state of a job, keyed by {@code jobId} on a compacted topic: what
 * {@code GET /api/jobs/{id}} shows, and where a worker taking a job over learns what was emitted.
 *
 * @param lastSeq the sequence number of the last chunk event published for the job
 * @param outputTokens output tokens produced so far, over all rounds
 */
public record JobStatus(
        String jobId,
        String userId,
        JobState state,
        String model,
        String apiModel,
        int rounds,
        long lastSeq,
        long outputTokens,
        TokenUsage usage,
        Usd cost,
        String finishReason,
        String error,
        Instant requestedAt,
        Instant updatedAt) {
}
