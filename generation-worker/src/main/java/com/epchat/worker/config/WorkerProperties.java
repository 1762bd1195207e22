package com.epchat.worker.config;

import com.epchat.pricing.Flags;
import com.epchat.pricing.PricingSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * generation-worker's configuration, bound from {@code generation-worker.yml}: the DeepSeek
 * endpoint ({@code DEEPSEEK_BASE_URL}, {@code DEEPSEEK_API_KEY}), the guide's switches
 * ({@code EP_AUTO_CONTINUATION}, {@code EP_LONG_OUTPUT_GUARD}), {@code MODEL_CAPABILITY_CACHE_TTL}
 * and the pricing variables.
 */
@ConfigurationProperties("ep")
public record WorkerProperties(DeepSeek deepseek, PricingSettings pricing, String autoContinuation,
        String longOutputGuard, int maxOutputTokens, Duration capabilityCacheTtl, int listenerConcurrency) {

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
        if (listenerConcurrency <= 0) {
            throw new IllegalArgumentException("EP_WORKER_CONCURRENCY must be above zero, was " + listenerConcurrency);
        }
    }

    public boolean autoContinuationEnabled() {
        return Flags.parse("EP_AUTO_CONTINUATION", autoContinuation);
    }

    public boolean longOutputGuardEnabled() {
        return Flags.parse("EP_LONG_OUTPUT_GUARD", longOutputGuard);
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
