package com.epchat.topics.event;

import java.time.Instant;

/**
 * A command about a running job, keyed by {@code jobId}: today only {@code cancel}. Written by
 * ingest-api ({@code DELETE /api/jobs/{id}}); read by every worker instance, which stops the
 * provider call if it runs the job.
 */
public record JobControl(String jobId, String userId, Action action, String requestedBy, Instant at) {

    /** What to do with the job. */
    public enum Action {
        CANCEL
    }
}
