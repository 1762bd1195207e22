package com.epchat.worker.intake;

import java.time.Duration;

/**
 * How often and how soon a job that failed unexpectedly on this worker (not a provider error: those
 * {@code deepseek-client} retries itself) is taken up again from Kafka: at most {@code maxRetries} times
 * ({@code WORKER_JOB_RETRY_MAX}), after {@code backoff} ({@code WORKER_JOB_RETRY_BACKOFF}) doubled at each
 * retry up to {@code maxBackoff} ({@code WORKER_JOB_RETRY_BACKOFF_MAX}): 1 s, 2 s, 4 s ... Then the job ends
 * as failed.
 */
public record JobRetryPolicy(int maxRetries, Duration backoff, Duration maxBackoff) {

    /** The error code of a job ended because its retries were spent. */
    public static final String EXHAUSTED = "worker_retries_exhausted";

    public JobRetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be zero or more, was " + maxRetries);
        }
        if (backoff == null || backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("backoff must be above zero, was " + backoff);
        }
        if (maxBackoff == null || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least the backoff " + backoff + ", was "
                    + maxBackoff);
        }
    }

    /** Five retries after 1 s, 2 s, 4 s, 8 s, 16 s (at most 30 s). */
    public static JobRetryPolicy defaults() {
        return new JobRetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** How long to wait before retry {@code retry} (from 1): the backoff doubled each time, capped. */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, was " + retry);
        }
        Duration delay = backoff;
        for (int i = 1; i < retry && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    /** True when a job that failed {@code failures} times in a row may be tried again. */
    public boolean allowsRetry(int failures) {
        return failures <= maxRetries;
    }
}
