package com.epchat.topics.event;

import java.time.Instant;

/**
 * What happens to a batch from outside, keyed by {@code batchId} on one topic so that batch-coordinator
 * reads a batch's items, its seal and its cancellation in the order they were written.
 * ingest-api writes a batch's items and then its {@code SEAL} in one transaction: a read_committed
 * reader sees all of a batch or none of it.
 *
 * @param item set on {@code ITEM}
 * @param spec set on {@code SEAL}: the batch is complete and may start
 * @param requestedBy the API user behind the record (the owner, or an admin who cancels)
 */
public record BatchInput(
        Type type,
        String batchId,
        String userId,
        BatchItem item,
        BatchSpec spec,
        String requestedBy,
        Instant at) {

    /** What the record says. */
    public enum Type {
        ITEM,
        SEAL,
        CANCEL
    }

    public static BatchInput item(String batchId, String userId, BatchItem item, Instant at) {
        return new BatchInput(Type.ITEM, batchId, userId, item, null, userId, at);
    }

    public static BatchInput seal(String batchId, String userId, BatchSpec spec, Instant at) {
        return new BatchInput(Type.SEAL, batchId, userId, null, spec, userId, at);
    }

    public static BatchInput cancel(String batchId, String userId, String requestedBy, Instant at) {
        return new BatchInput(Type.CANCEL, batchId, userId, null, null, requestedBy, at);
    }
}
