package com.epchat.cost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A nonsense setting stops cost-aggregator at start-up with a message naming the variable. */
class CostPropertiesTests {

    @Test
    void shouldRefuseAnUnknownTimeZoneNamingBudgetTimezone() {
        assertThatThrownBy(() -> new CostProperties("Mars/Olympus", Duration.ofHours(1), Duration.ofDays(7),
                BigDecimal.ONE, Duration.ofSeconds(1)))
                .hasMessageContaining("BUDGET_TIMEZONE").hasMessageContaining("Mars/Olympus");
    }

    @Test
    void shouldRefuseANegativeGraceNamingCostRollupGrace() {
        assertThatThrownBy(() -> new CostProperties("UTC", Duration.ofMinutes(-1), Duration.ofDays(7),
                BigDecimal.ONE, Duration.ofSeconds(1)))
                .hasMessageContaining("COST_ROLLUP_GRACE");
    }

    @Test
    void shouldRefuseADedupRetentionShorterThanGracePlusADay() {
        assertThatThrownBy(() -> new CostProperties("UTC", Duration.ofHours(2), Duration.ofHours(25),
                BigDecimal.ONE, Duration.ofSeconds(1)))
                .hasMessageContaining("COST_DEDUP_RETENTION");
    }

    @Test
    void shouldRefuseASiteBudgetOfZeroNamingTheVariable() {
        assertThatThrownBy(() -> new CostProperties("UTC", Duration.ofHours(1), Duration.ofDays(7), BigDecimal.ZERO,
                Duration.ofSeconds(1)))
                .hasMessageContaining("BUDGET_SITE_HOURLY_USD");
    }

    @Test
    void shouldRefuseAZeroEmitIntervalNamingTheVariable() {
        assertThatThrownBy(() -> new CostProperties("UTC", Duration.ofHours(1), Duration.ofDays(7), BigDecimal.ONE,
                Duration.ZERO)).hasMessageContaining("COST_EMIT_INTERVAL");
    }

    @Test
    void shouldHandTheTopologyTheZoneAndDurations() {
        var settings = new CostProperties("Asia/Shanghai", Duration.ofHours(1), Duration.ofDays(7), BigDecimal.ONE, Duration.ofSeconds(1)).topology();

        assertThat(settings.userDayZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(settings.rollups()).extracting(r -> r.name()).containsExactly("user-day", "site-hour", "model-day");
    }
}
