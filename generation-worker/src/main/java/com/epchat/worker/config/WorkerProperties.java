package com.epchat.worker.config;

import com.epchat.pricing.Flags;
import com.epchat.pricing.PricingSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * generation-worker's configuration, bound from {@code generation-worker.yml}: the DeepSeek
 * endpoint ({@code DEEPSEEK_BASE_URL}, {@code DEEPSEEK_API_KEY}), the guide's switches
 * ({@code EP_AUTO_CONTINUATION}, {@code EP_LONG_OUTPUT_GUARD}), {@code MODEL_CAPABILITY_CACHE_TTL},
 * the limits {@code RL_MAX_ACTIVE_STREAMS} (provider streams per instance) and
 * {@code RL_MAX_CONCURRENCY_PER_USER} (running jobs per user) of the interactive lane, the bulk lane's own
 * ({@link Bulk}), and the pricing variables.
 */
@ConfigurationProperties("ep")
public record WorkerProperties(DeepSeek deepseek, PricingSettings pricing, String autoContinuation,
        String longOutputGuard, int maxOutputTokens, Duration capabilityCacheTtl, int listenerConcurrency,
        int maxActiveStreams, int maxConcurrencyPerUser, Bulk bulk) {

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
