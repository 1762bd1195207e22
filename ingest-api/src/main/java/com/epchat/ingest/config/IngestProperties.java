package com.epchat.ingest.config;

import com.epchat.pricing.PricingSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ingest-api's configuration, bound from {@code ingest-api.yml}.
 *
 * @param decisionTimeout how long a request waits for budget-streams' decision before a 503
 * @param sseHeartbeat {@code SSE_HEARTBEAT_SECONDS}: comment lines that keep proxies from cutting idle streams
 * @param defaultMaxTokens the output asked for when a request names none (DeepSeek's own default)
 */
@ConfigurationProperties("ep")
public record IngestProperties(PricingSettings pricing, Duration decisionTimeout, Duration sseHeartbeat,
        int defaultMaxTokens, String defaultModel) {

    public IngestProperties {
        if (decisionTimeout == null || decisionTimeout.isNegative() || decisionTimeout.isZero()) {
            throw new IllegalArgumentException("EP_DECISION_TIMEOUT must be a positive duration, was " + decisionTimeout);
        }
        if (sseHeartbeat == null || sseHeartbeat.isNegative() || sseHeartbeat.isZero()) {
            throw new IllegalArgumentException("SSE_HEARTBEAT_SECONDS must be above zero, was " + sseHeartbeat);
        }
        if (defaultMaxTokens <= 0) {
            throw new IllegalArgumentException("EP_DEFAULT_MAX_TOKENS must be above zero, was " + defaultMaxTokens);
        }
        if (pricing != null && pricing.catalog().find(defaultModel).isEmpty()) {
            throw new IllegalArgumentException("MODEL_NAME must be one of " + pricing.catalog().names() + ", was '"
                    + defaultModel + "'");
        }
    }
}
