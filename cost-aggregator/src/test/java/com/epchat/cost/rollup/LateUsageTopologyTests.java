package com.epchat.cost.rollup;

import static com.epchat.cost.rollup.CostTopologyFixture.START;
import static com.epchat.cost.rollup.CostTopologyFixture.latest;
import static com.epchat.cost.rollup.CostTopologyFixture.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Late usage (grace 30 minutes, in stream time): within grace it updates its window; beyond grace it
 * becomes a correction, never a silent drop. Also user days in {@code BUDGET_TIMEZONE}.
 */
class LateUsageTopologyTests {

    static Instant at(String utc) {
        return Instant.parse("2026-11-26T" + utc + "Z");
    }

    @Test
    void shouldUpdateTheWindowWithUsageLateWithinGrace() {
        try (var fx = new CostTopologyFixture(ZoneOffset.UTC)) {
            fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.01", at("10:50:00"), true));
            fx.pipe(usage("job-2", 1, "alice", "deepseek-chat", "0.02", at("11:29:59.999"), true));
            fx.pipe(usage("job-3", 1, "alice", "deepseek-chat", "0.04", at("10:59:00"), true)); // 1 ms inside grace

            assertThat(latest(fx.siteHourly).get("2026-11-26T10:00:00Z/site").cost()).isEqualTo(Usd.of("0.05"));
            assertThat(fx.corrections.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldPublishACorrectionOnceStreamTimeReachesWindowEndPlusGrace() {
        try (var fx = new CostTopologyFixture(ZoneOffset.UTC)) {
            fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.01", at("10:50:00"), true));
            fx.pipe(usage("job-2", 1, "alice", "deepseek-chat", "0.02", at("11:30:00"), true));
            UsageEvent late = usage("job-3", 1, "alice", "deepseek-chat", "0.04", at("10:59:00"), true);
            fx.pipe(late);

            assertThat(latest(fx.siteHourly).get("2026-11-26T10:00:00Z/site").cost()).isEqualTo(Usd.of("0.01"));
            var correction = fx.corrections.readKeyValue();
            assertThat(correction.key).isEqualTo("job-3/1");
            assertThat(correction.value).usingRecursiveComparison().ignoringFields("reason")
                    .isEqualTo(new CostCorrection(late, "site-hour", at("10:00:00"), null, START.plusSeconds(2)));
            assertThat(correction.value.reason()).contains("window end 2026-11-26T11:00:00Z + grace PT30M");
            // the day windows are still open: the same event counts there
            assertThat(latest(fx.userDaily).get("2026-11-26T00:00:00Z/alice").cost()).isEqualTo(Usd.of("0.07"));
            assertThat(latest(fx.modelDaily).get("2026-11-26T00:00:00Z/deepseek-chat").cost())
                    .isEqualTo(Usd.of("0.07"));
            assertThat(fx.corrections.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldCorrectEveryRollupWhoseWindowClosedSoThatNoCentIsLost() {
        try (var fx = new CostTopologyFixture(ZoneOffset.UTC)) {
            fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.01", at("10:00:00"), true));
            fx.pipe(usage("job-2", 1, "alice", "deepseek-chat", "0.02", START.plus(Duration.ofHours(36)), true));
            UsageEvent late = usage("job-3", 1, "alice", "deepseek-chat", "0.04", at("20:00:00"), true);
            fx.pipe(late);

            List<CostCorrection> corrections = fx.corrections.readValuesToList();
            assertThat(corrections).extracting(CostCorrection::rollup)
                    .containsExactlyInAnyOrder("user-day", "site-hour", "model-day");
            assertThat(corrections).extracting(CostCorrection::usage).containsOnly(late);
            Usd rolledUp = latest(fx.userDaily).values().stream().map(FinanceRollup::cost).reduce(Usd.ZERO, Usd::plus);
            Usd corrected = corrections.stream().filter(c -> c.rollup().equals("user-day"))
                    .map(c -> c.usage().cost()).reduce(Usd.ZERO, Usd::plus);
            assertThat(rolledUp.plus(corrected)).isEqualTo(Usd.of("0.07"));
        }
    }

    @Test
    void shouldPurgeTheStateOfClosedWindowsButKeepOpenOnes() {
        try (var fx = new CostTopologyFixture(ZoneOffset.UTC)) {
            fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.01", at("09:10:00"), true));
            fx.pipe(usage("job-2", 1, "alice", "deepseek-chat", "0.02", at("11:00:00"), true));

            fx.driver.advanceWallClockTime(Duration.ofMinutes(1));

            KeyValueStore<String, FinanceRollup> hours = fx.driver.getKeyValueStore("rollup-site-hour");
            assertThat(hours.get("2026-11-26T09:00:00Z/site")).isNull();
            assertThat(hours.get("2026-11-26T11:00:00Z/site").cost()).isEqualTo(Usd.of("0.02"));
            KeyValueStore<String, FinanceRollup> days = fx.driver.getKeyValueStore("rollup-user-day");
            assertThat(days.get("2026-11-26T00:00:00Z/alice").cost()).isEqualTo(Usd.of("0.03"));
        }
    }

    @Test
    void shouldStartAUsersDayAtMidnightInTheBudgetTimezone() {
        try (var fx = new CostTopologyFixture(ZoneId.of("Asia/Shanghai"))) {
            fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.01", at("15:59:59.999"), true));
            fx.pipe(usage("job-2", 1, "alice", "deepseek-chat", "0.02", at("16:00:00"), true));

            var days = latest(fx.userDaily);
            assertThat(days.keySet()).containsExactlyInAnyOrder("2026-11-25T16:00:00Z/alice",
                    "2026-11-26T16:00:00Z/alice");
            assertThat(days.get("2026-11-26T16:00:00Z/alice").windowEnd()).isEqualTo(Instant.parse(
                    "2026-11-27T16:00:00Z"));
            // model days stay UTC days
            assertThat(latest(fx.modelDaily).keySet()).containsExactly("2026-11-26T00:00:00Z/deepseek-chat");
        }
    }

    @Test
    void shouldGiveTheDayDaylightSavingTimeEndsItsTwentyFiveHours() {
        try (var fx = new CostTopologyFixture(ZoneId.of("America/New_York"))) {
            fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.01", Instant.parse("2026-11-01T12:00:00Z"), true));

            FinanceRollup day = latest(fx.userDaily).get("2026-11-01T04:00:00Z/alice");
            assertThat(Duration.between(day.windowStart(), day.windowEnd())).isEqualTo(Duration.ofHours(25));
        }
    }
}
