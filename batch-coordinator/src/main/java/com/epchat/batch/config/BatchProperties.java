package com.epchat.batch.config;

import com.epchat.batch.coordinator.BatchTopology;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * batch-coordinator's configuration, bound from {@code batch-coordinator.yml}.
 *
 * @param maxInFlight {@code BATCH_MAX_IN_FLIGHT}: running attempts per batch at most (default 16)
 * @param orphanTimeout {@code BATCH_ORPHAN_TIMEOUT}: how long after its cancel a running attempt whose
 *     outcome never came is ended anyway (default 10 min)
 * @param publishInterval {@code BATCH_PUBLISH_INTERVAL}: the wall-clock tick that dispatches ready retries,
 *     expires batches and publishes changed states, coalesced (default 250 ms)
 */
@ConfigurationProperties("ep.batch")
public record BatchProperties(int maxInFlight, Duration orphanTimeout, Duration publishInterval) {

    public BatchProperties {
        if (maxInFlight < 1 || maxInFlight > 10_000) {
            throw new IllegalArgumentException("BATCH_MAX_IN_FLIGHT must be a whole number from 1 to 10000, was "
                    + maxInFlight);
        }
        if (orphanTimeout == null || orphanTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("BATCH_ORPHAN_TIMEOUT must be a duration of at least 1ms, was "
                    + orphanTimeout);
        }
        if (publishInterval == null || publishInterval.toMillis() < 10 || publishInterval.toSeconds() > 60) {
            throw new IllegalArgumentException("BATCH_PUBLISH_INTERVAL must be a duration from 10ms to 60s, was "
                    + publishInterval);
        }
    }

    public BatchTopology.Settings topology() {
        return new BatchTopology.Settings(maxInFlight, orphanTimeout, publishInterval);
    }
}
