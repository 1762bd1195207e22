package com.epchat.batch.coordinator;

import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchSpec;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * A batch as batch-coordinator keeps it in the store {@code batch-records} (key batchId): what
 * {@code ep.batch.state} shows, plus what only the coordinator needs. Kept after the batch is final, so that
 * a re-sent seal or item of a finished batch is recognised and ignored.
 *
 * @param spec null until the seal arrived
 * @param received items read so far (before the seal: the running total of the upload)
 * @param ending set once the batch was cancelled or expired: its running attempts end that way
 * @param cancelRequestedBy who cancelled (the owner or an admin); null when nobody did
 */
record BatchRecord(
        String batchId,
        String userId,
        BatchStatus status,
        BatchSpec spec,
        BatchCounts counts,
        int received,
        Usd spent,
        Usd reserved,
        TokenUsage usage,
        Ending ending,
        String cancelRequestedBy,
        Instant inProgressAt,
        Instant finishedAt,
        Instant updatedAt) {

    /** Why a batch stops before all its items ran. */
    enum Ending {
        CANCELLED,
        EXPIRED
    }

    static BatchRecord validating(String batchId, String userId, Instant now) {
        return new BatchRecord(batchId, userId, BatchStatus.VALIDATING, null, new BatchCounts(0, 0, 0, 0, 0, 0, 0, 0),
                0, Usd.ZERO, Usd.ZERO, TokenUsage.NONE, null, null, null, null, now);
    }

    boolean sealed() {
        return spec != null;
    }

    BatchRecord withStatus(BatchStatus next, Instant now) {
        return new BatchRecord(batchId, userId, next, spec, counts, received, spent, reserved, usage, ending,
                cancelRequestedBy, inProgressAt, next.isFinal() ? now : finishedAt, now);
    }

    BatchRecord withCounts(BatchCounts next, Instant now) {
        return new BatchRecord(batchId, userId, status, spec, next, received, spent, reserved, usage, ending,
                cancelRequestedBy, inProgressAt, finishedAt, now);
    }

    BatchRecord withReceived(int items, BatchCounts next, Instant now) {
        return new BatchRecord(batchId, userId, status, spec, next, items, spent, reserved, usage, ending,
                cancelRequestedBy, inProgressAt, finishedAt, now);
    }

    BatchRecord sealedWith(BatchSpec sealSpec, BatchCounts next, Instant now) {
        return new BatchRecord(batchId, userId, BatchStatus.IN_PROGRESS, sealSpec, next, received, spent, reserved,
                usage, ending, cancelRequestedBy, now, finishedAt, now);
    }

    BatchRecord withMoney(Usd nextSpent, Usd nextReserved, TokenUsage nextUsage, Instant now) {
        return new BatchRecord(batchId, userId, status, spec, counts, received, nextSpent, nextReserved, nextUsage,
                ending, cancelRequestedBy, inProgressAt, finishedAt, now);
    }

    BatchRecord endingWith(Ending why, String requestedBy, Instant now) {
        return new BatchRecord(batchId, userId, status, spec, counts, received, spent, reserved, usage, why,
                requestedBy, inProgressAt, finishedAt, now);
    }

    BatchState state() {
        return new BatchState(batchId, userId, status, counts, spec, spent, reserved, usage, inProgressAt, finishedAt,
                updatedAt);
    }
}
