package com.epchat.cost.rollup;

import static com.epchat.cost.rollup.CostTopologyFixture.START;
import static com.epchat.cost.rollup.CostTopologyFixture.latest;
import static com.epchat.cost.rollup.CostTopologyFixture.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three rollups, their window edges, dead letters and duplicates, on a {@code TopologyTestDriver}. */
class CostTopologyTests {

    static final Instant DAY = START;
    static final Instant DAY_END = START.plusSeconds(86_400);
    final CostTopologyFixture fx = new CostTopologyFixture(ZoneOffset.UTC);

    @AfterEach
    void close() {
        fx.close();
    }

    static Instant at(String utc) {
        return Instant.parse("2026-11-26T" + utc + "Z");
    }

    @Test
    void shouldRollUpAContinuedJobPerUserDaySiteHourAndModelDay() {
        fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.0006404", at("10:05:00"), false));
        fx.pipe(usage("job-1", 2, "alice", "deepseek-chat", "0.0006404", at("10:20:00"), true));

        TokenUsage twoCalls = new TokenUsage(128, 72, 400, 0);
        Usd cost = Usd.of("0.0012808");
        Instant updated = START.plusSeconds(1); // the second event came one emit interval after the first
        assertThat(latest(fx.userDaily)).isEqualTo(Map.of("2026-11-26T00:00:00Z/alice",
                new FinanceRollup("alice", DAY, DAY_END, 1, 2, twoCalls, cost, updated)));
        assertThat(latest(fx.siteHourly)).isEqualTo(Map.of("2026-11-26T10:00:00Z/site",
                new FinanceRollup("site", at("10:00:00"), at("11:00:00"), 1, 2, twoCalls, cost, updated)));
        assertThat(latest(fx.modelDaily)).isEqualTo(Map.of("2026-11-26T00:00:00Z/deepseek-chat",
                new FinanceRollup("deepseek-chat", DAY, DAY_END, 1, 2, twoCalls, cost, updated)));
        assertThat(fx.corrections.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteOneTotalPerWindowPerEmitIntervalHoweverManyCallsItHad() {
        for (int job = 1; job <= 3; job++) {
            UsageEvent e = usage("job-" + job, 1, "alice", "deepseek-chat", "0.01", at("10:0" + job + ":00"), true);
            fx.usage.pipeInput("alice", e, e.occurredAt());
        }
        assertThat(fx.userDaily.isEmpty()).isTrue();

        fx.driver.advanceWallClockTime(CostTopologyFixture.EMIT);

        assertThat(fx.userDaily.readValuesToList()).extracting(FinanceRollup::calls).containsExactly(3L);
        assertThat(fx.siteHourly.readValuesToList()).extracting(FinanceRollup::cost).containsExactly(Usd.of("0.03"));
        assertThat(fx.modelDaily.getQueueSize()).isEqualTo(1);
        fx.driver.advanceWallClockTime(CostTopologyFixture.EMIT);
        assertThat(fx.userDaily.isEmpty()).isTrue(); // nothing changed: nothing written again
    }

    @Test
    void shouldKeepUsersApartAndAddThemUpForTheSite() {
        fx.pipe(usage("job-a", 1, "alice", "deepseek-chat", "0.1", at("09:00:00"), true));
        fx.pipe(usage("job-b", 1, "bob", "deepseek-reasoner", "0.2", at("09:30:00"), true));

        Map<String, FinanceRollup> users = latest(fx.userDaily);
        assertThat(users).containsOnlyKeys("2026-11-26T00:00:00Z/alice", "2026-11-26T00:00:00Z/bob");
        assertThat(users.get("2026-11-26T00:00:00Z/bob").cost()).isEqualTo(Usd.of("0.2"));
        FinanceRollup site = latest(fx.siteHourly).get("2026-11-26T09:00:00Z/site");
        assertThat(site.jobs()).isEqualTo(2);
        assertThat(site.cost()).isEqualTo(Usd.of("0.3"));
        assertThat(latest(fx.modelDaily)).containsOnlyKeys("2026-11-26T00:00:00Z/deepseek-chat",
                "2026-11-26T00:00:00Z/deepseek-reasoner");
    }

    @Test
    void shouldOpenANewWindowExactlyAtTheHourAndAtMidnight() {
        fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.01", at("10:59:59.999"), true));
        fx.pipe(usage("job-2", 1, "alice", "deepseek-chat", "0.02", at("11:00:00"), true));
        fx.pipe(usage("job-3", 1, "alice", "deepseek-chat", "0.04", at("23:59:59.999"), true));
        fx.pipe(usage("job-4", 1, "alice", "deepseek-chat", "0.08", DAY_END, true));

        Map<String, FinanceRollup> hours = latest(fx.siteHourly);
        assertThat(hours.keySet()).containsExactlyInAnyOrder("2026-11-26T10:00:00Z/site", "2026-11-26T11:00:00Z/site",
                "2026-11-26T23:00:00Z/site", "2026-11-27T00:00:00Z/site");
        assertThat(hours.get("2026-11-26T10:00:00Z/site").cost()).isEqualTo(Usd.of("0.01"));
        assertThat(hours.get("2026-11-26T11:00:00Z/site").cost()).isEqualTo(Usd.of("0.02"));
        Map<String, FinanceRollup> days = latest(fx.userDaily);
        assertThat(days.get("2026-11-26T00:00:00Z/alice").cost()).isEqualTo(Usd.of("0.07"));
        assertThat(days.get("2026-11-27T00:00:00Z/alice").cost()).isEqualTo(Usd.of("0.08"));
    }

    @Test
    void shouldCountAJobThatNeverReachedTheProviderUnderModelNoneWithNoCall() {
        fx.pipe(new UsageEvent("job-0/0", "job-0", "alice", "deepseek-v3.1", null, 0, TokenUsage.NONE, Usd.ZERO,
                false, true, at("08:00:00")));

        assertThat(latest(fx.modelDaily)).isEqualTo(Map.of("2026-11-26T00:00:00Z/none",
                new FinanceRollup("none", DAY, DAY_END, 1, 0, TokenUsage.NONE, Usd.ZERO, START)));
    }

    @Test
    void shouldCountADuplicateUsageEventOnceEvenWhenItComesBackLater() {
        UsageEvent event = usage("job-1", 1, "alice", "deepseek-chat", "0.0006404", at("10:05:00"), true);

        fx.pipe(event);
        fx.pipe(event); // a producer retry
        fx.pipe(usage("job-2", 1, "alice", "deepseek-chat", "0.001", at("10:40:00"), true));
        fx.pipe(event); // a replay, after other usage

        assertThat(fx.userDaily.readValuesToList()).extracting(FinanceRollup::calls).containsExactly(1L, 2L);
        assertThat(latest(fx.siteHourly).get("2026-11-26T10:00:00Z/site").cost()).isEqualTo(Usd.of("0.0016404"));
        assertThat(fx.modelDaily.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldSendUnreadableUsageToTheDeadLetterTopicAndCarryOn() {
        fx.rawUsage.pipeInput("alice", "{\"usageId\":".getBytes(), at("10:00:00"));
        fx.pipe(usage("job-1", 1, "alice", "deepseek-chat", "0.5", at("10:01:00"), true));

        var letter = fx.deadLetters.readKeyValue();
        assertThat(letter.key).isEqualTo("alice");
        assertThat(letter.value.topic()).isEqualTo("ep.usage");
        assertThat(letter.value.service()).isEqualTo("cost-aggregator");
        assertThat(letter.value.error()).contains("cannot read UsageEvent");
        assertThat(java.util.Base64.getDecoder().decode(letter.value.value())).isEqualTo("{\"usageId\":".getBytes());
        assertThat(fx.deadLetters.isEmpty()).isTrue();
        assertThat(latest(fx.userDaily).get("2026-11-26T00:00:00Z/alice").cost()).isEqualTo(Usd.of("0.5"));
    }

    @Test
    void shouldDeadLetterUsageFiledUnderAnotherUser() {
        UsageEvent bobs = usage("job-1", 1, "bob", "deepseek-chat", "0.5", at("10:01:00"), true);

        fx.usage.pipeInput("alice", bobs, bobs.occurredAt());

        assertThat(fx.deadLetters.readValue().error()).contains("keyed 'alice', not by its userId");
        assertThat(fx.userDaily.isEmpty()).isTrue();
        assertThat(fx.siteHourly.isEmpty()).isTrue();
    }
}
