package com.epchat.topics.event;

/**
 * Items of a batch by where they are. {@code total = pending + running + succeeded + failed +
 * rejectedByBudget + cancelled + expired} at every moment.
 *
 * @param pending not started yet, or waiting for a budget window to reset
 * @param running dispatched to the pipeline and not ended
 * @param rejectedByBudget ended because the budget guard (or the batch's own cap) refused them
 */
public record BatchCounts(
        int total,
        int pending,
        int running,
        int succeeded,
        int failed,
        int rejectedByBudget,
        int cancelled,
        int expired) {

    public int finished() {
        return succeeded + failed + rejectedByBudget + cancelled + expired;
    }
}
