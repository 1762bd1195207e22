package com.epchat.batch.coordinator;

import com.epchat.topics.event.BatchRef;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * An item not ended yet, in the store {@code batch-items} (key {@code <batchId>/<line>}); deleted when the
 * item ends and its result is written.
 *
 * @param request as ingest-api validated it; stamped per attempt at dispatch
 * @param attempt the last attempt dispatched (0 before the first)
 * @param running true while attempt {@code attempt} is out in the pipeline
 * @param notBefore when the item may be dispatched (a budget window's reset after a WAIT rejection)
 * @param cancelSentAt when a JobControl CANCEL went out for the running attempt; null otherwise
 */
record ItemRecord(String batchId, String customId, int line, GenerationRequested request, int attempt,
        boolean running, Instant notBefore, Instant dispatchedAt, Instant cancelSentAt) {

    static ItemRecord received(String batchId, String customId, int line, GenerationRequested request) {
        return new ItemRecord(batchId, customId, line, request, 0, false, Instant.EPOCH, null, null);
    }

    BatchRef ref() {
        return new BatchRef(batchId, customId, line, attempt);
    }

    /** What a running attempt may cost at most: its reservation against the batch's cap. */
    Usd worstCase() {
        return request.estimate() == null || request.estimate().worstCase() == null ? Usd.ZERO
                : request.estimate().worstCase();
    }

    ItemRecord dispatched(Instant now) {
        return new ItemRecord(batchId, customId, line, request, attempt + 1, true, notBefore, now, null);
    }

    ItemRecord waitingUntil(Instant retryAt) {
        return new ItemRecord(batchId, customId, line, request, attempt, false, retryAt, dispatchedAt, null);
    }

    ItemRecord cancelSent(Instant now) {
        return new ItemRecord(batchId, customId, line, request, attempt, running, notBefore, dispatchedAt, now);
    }
}
