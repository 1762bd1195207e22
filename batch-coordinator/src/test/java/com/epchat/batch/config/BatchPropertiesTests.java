package com.epchat.batch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.epchat.batch.coordinator.BatchTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** batch-coordinator refuses to start on a nonsense setting, naming the variable. */
class BatchPropertiesTests {

    static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    static final Duration TICK = Duration.ofMillis(250);

    @Test
    void shouldGiveTheTopologyItsSettings() {
        assertThat(new BatchProperties(16, TEN_MINUTES, TICK).topology())
                .isEqualTo(new BatchTopology.Settings(16, TEN_MINUTES, TICK));
    }

    @Test
    void shouldRefuseNoRunningItems() {
        assertThatThrownBy(() -> new BatchProperties(0, TEN_MINUTES, TICK))
                .hasMessageContaining("BATCH_MAX_IN_FLIGHT");
    }

    @Test
    void shouldRefuseAMissingOrphanTimeout() {
        assertThatThrownBy(() -> new BatchProperties(16, Duration.ZERO, TICK))
                .hasMessageContaining("BATCH_ORPHAN_TIMEOUT");
    }

    @Test
    void shouldRefuseATickTooFastOrTooSlow() {
        assertThatThrownBy(() -> new BatchProperties(16, TEN_MINUTES, Duration.ofMillis(1)))
                .hasMessageContaining("BATCH_PUBLISH_INTERVAL");
        assertThatThrownBy(() -> new BatchProperties(16, TEN_MINUTES, Duration.ofMinutes(5)))
                .hasMessageContaining("BATCH_PUBLISH_INTERVAL");
    }
}
