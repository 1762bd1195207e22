package com.epchat.batch.coordinator;

import com.epchat.topics.event.BatchCounts;

/**
 * Where an item is counted in {@link BatchCounts}. Moving an item always takes it out of one bucket and puts
 * it in another, so {@code total = pending + running + ended} holds by construction.
 */
enum Bucket {
    PENDING("pending"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    REJECTED_BY_BUDGET("rejected_by_budget"),
    CANCELLED("cancelled"),
    EXPIRED("expired");

    /** The tag value of {@code ep_chat_batch_items_ended_total{outcome}}. */
    final String tag;

    Bucket(String tag) {
        this.tag = tag;
    }

    static BatchCounts move(BatchCounts c, Bucket from, Bucket to) {
        int[] n = {c.pending(), c.running(), c.succeeded(), c.failed(), c.rejectedByBudget(), c.cancelled(),
            c.expired()};
        if (from != null) {
            n[from.ordinal()]--;
        }
        n[to.ordinal()]++;
        int total = from == null ? c.total() + 1 : c.total();
        return new BatchCounts(total, n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }
}
