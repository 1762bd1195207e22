package com.epchat.worker.config;

import com.epchat.pricing.Flags;
import com.epchat.pricing.PricingSettings;
import com.epchat.worker.intake.JobRetryPolicy;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * generation-worker's configuration, bound from {@code generation-worker.yml}: the DeepSeek
 * endpoint ({@code DEEPSEEK_BASE_URL}, {@code DEEPSEEK_API_KEY}), the guide's switches
 * ({@code EP_AUTO_CONTINUATION}, {@code EP_LONG_OUTPUT_GUARD}), {@code MODEL_CAPABILITY_CACHE_TTL},
 * the limits {@code RL_MAX_ACTIVE_STREAMS} (provider streams per instance) and
 * {@code RL_MAX_CONCURRENCY_PER_USER} (running jobs per user) of the interactive lane, the bulk lane's own
 * ({@link Bulk}), how a job that fails unexpectedly is retried ({@link JobRetry}), and the pricing variables.
 */
@ConfigurationProperties("ep")
public record WorkerProperties(DeepSeek deepseek, PricingSettings pricing, String autoContinuation,
        String longOutputGuard, int maxOutputTokens, Duration capabilityCacheTtl, int listenerConcurrency,
        int maxActiveStreams, int maxConcurrencyPerUser, Bulk bulk, JobRetry jobRetry) {

    public WorkerProperties {
        Flags.parse("EP_AUTO_CONTINUATION", autoContinuation);
        Flags.parse("EP_LONG_OUTPUT_GUARD", longOutputGuard);
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("EP_MAX_OUTPUT_TOKENS must be above zero, was " + maxOutputTokens);
        }
        if (capabilityCacheTtl == null || capabilityCacheTtl.isNegative() || capabilityCacheTtl.isZero()) {
            throw new IllegalArgumentException("MODEL_CAPABILITY_CACHE_TTL must be above zero seconds, was "
                    + capabilityCacheTtl);
        }
        if (maxActiveStreams <= 0 || maxActiveStreams > 10_000) {
            throw new IllegalArgumentException("RL_MAX_ACTIVE_STREAMS must be between 1 and 10000, was "
                    + maxActiveStreams);
        }
        if (maxConcurrencyPerUser <= 0) {
            throw new IllegalArgumentException("RL_MAX_CONCURRENCY_PER_USER must be above zero, was "
                    + maxConcurrencyPerUser);
        }
        if (listenerConcurrency <= 0) {
            throw new IllegalArgumentException("EP_WORKER_CONCURRENCY must be above zero, was " + listenerConcurrency);
        }
        if (bulk == null) {
            bulk = new Bulk(Bulk.DEFAULT_SLOTS, null);
        }
        if (jobRetry == null) {
            JobRetryPolicy d = JobRetryPolicy.defaults();
            jobRetry = new JobRetry(d.maxRetries(), d.backoff(), d.maxBackoff());
        }
    }

    public boolean autoContinuationEnabled() {
        return Flags.parse("EP_AUTO_CONTINUATION", autoContinuation);
    }

    public boolean longOutputGuardEnabled() {
        return Flags.parse("EP_LONG_OUTPUT_GUARD", longOutputGuard);
    }

    /**
     * The bulk lane's share of this instance, apart from the interactive one:
     * {@code WORKER_BULK_MAX_ACTIVE_STREAMS} provider streams (8) and
     * {@code WORKER_BULK_MAX_CONCURRENCY_PER_USER} running bulk jobs per user (unset: all of the lane's slots).
     */
    public record Bulk(int maxActiveStreams, Integer maxConcurrencyPerUser) {

        static final int DEFAULT_SLOTS = 8;

        public Bulk {
            if (maxActiveStreams <= 0 || maxActiveStreams > 10_000) {
                throw new IllegalArgumentException("WORKER_BULK_MAX_ACTIVE_STREAMS must be between 1 and 10000, was "
                        + maxActiveStreams);
            }
            if (maxConcurrencyPerUser != null && maxConcurrencyPerUser <= 0) {
                throw new IllegalArgumentException("WORKER_BULK_MAX_CONCURRENCY_PER_USER must be above zero, was "
                        + maxConcurrencyPerUser);
            }
        }

        /** Running bulk jobs per user: the variable, or every bulk slot when it is unset. */
        public int perUser() {
            return maxConcurrencyPerUser == null ? maxActiveStreams : maxConcurrencyPerUser;
        }
    }

    /**
     * A job that fails unexpectedly on the worker (Kafka unreachable beyond the producer's delivery timeout,
     * ...) is taken up again from Kafka at most {@code WORKER_JOB_RETRY_MAX} times (5; 0: never), after
     * {@code WORKER_JOB_RETRY_BACKOFF} (1s) doubled at each retry up to {@code WORKER_JOB_RETRY_BACKOFF_MAX}
     * (30s), then ended as failed.
     */
    public record JobRetry(int max, Duration backoff, Duration backoffMax) {

        public JobRetry {
            if (max < 0 || max > 1_000) {
                throw new IllegalArgumentException("WORKER_JOB_RETRY_MAX must be between 0 and 1000, was " + max);
            }
            if (backoff == null || backoff.isNegative() || backoff.isZero() || backoff.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("WORKER_JOB_RETRY_BACKOFF must be above zero and at most 1h, was "
                        + readable(backoff));
            }
            if (backoffMax == null || backoffMax.compareTo(backoff) < 0 || backoffMax.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("WORKER_JOB_RETRY_BACKOFF_MAX must be between WORKER_JOB_RETRY_BACKOFF ("
                        + readable(backoff) + ") and 1h, was " + readable(backoffMax));
            }
        }

        /** As an operator writes it: {@code 500ms}, {@code 30s}. */
        private static String readable(Duration d) {
            if (d == null) {
                return "unset";
            }
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }

        public JobRetryPolicy policy() {
            return new JobRetryPolicy(max, backoff, backoffMax);
        }
    }

    /** Where DeepSeek (or the simulator) answers, and how long a call may be silent or last. */
    public record DeepSeek(URI baseUrl, String apiKey, Duration idleTimeout, Duration callTimeout) {

        public DeepSeek {
            if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("DEEPSEEK_BASE_URL must be an http(s) URL, was " + baseUrl);
            }
        }

        @Override
        public String toString() {
            return "DeepSeek[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "unset" : "***")
                    + ", idleTimeout=" + idleTimeout + ", callTimeout=" + callTimeout + "]";
        }
    }
}
