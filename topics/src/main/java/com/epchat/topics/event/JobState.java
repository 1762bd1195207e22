package com.epchat.topics.event;

/** A job's life: queued, then rejected, or running then completed, failed or cancelled. */
public enum JobState {
    QUEUED,
    REJECTED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == REJECTED || this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
