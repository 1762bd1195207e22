package com.epchat.topics.event;

/**
 * A batch's life (the states of the OpenAI Batch API): {@code validating} until batch-coordinator has
 * the whole batch, {@code in_progress}, then {@code finalizing} while the last results are written and
 * {@code completed}; {@code cancelling} → {@code cancelled}; {@code expired} when the completion window
 * passed; {@code failed} when no item could be run at all.
 */
public enum BatchStatus {
    VALIDATING,
    IN_PROGRESS,
    FINALIZING,
    COMPLETED,
    FAILED,
    EXPIRED,
    CANCELLING,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }
}
