package com.epchat.batch.coordinator;

/**
 * What the coordinator reports as it works; the service binds it to Micrometer
 * ({@code ep_chat_batch_*}), tests use {@link #NONE}. Called on stream threads: implementations must be
 * thread-safe. Under exactly-once a counter may count work of a transaction that later aborted and is
 * redone: the counters are operational figures, the topics are the record.
 */
public interface BatchMetrics {

    BatchMetrics NONE = new BatchMetrics() {
    };

    /** An attempt of an item went to {@code ep.generation.requests}. */
    default void dispatched() {
    }

    /** An item ended for good; {@code outcome} is its bucket ({@code succeeded}, {@code expired}, ...). */
    default void ended(String outcome) {
    }

    /** An outcome for an attempt that was not running (a duplicate after a worker crash) was ignored. */
    default void ignoredOutcome() {
    }

    /** One stream task's figures at its last punctuation. */
    default void tally(String task, int activeBatches, long pendingItems, long runningItems) {
    }

    /** A task left this instance (rebalance, shutdown): its figures no longer count here. */
    default void forget(String task) {
    }
}
