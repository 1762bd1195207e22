package com.epchat.budget.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.budget.ledger.JobReservation;
import com.epchat.budget.ledger.Ledger;
import com.epchat.budget.ledger.WindowSpend;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reserve, settle, release: usage moves actual cost from reserved to spent; the last usage releases the rest. */
class SettlementTopologyTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");
    static final Instant NEXT_DAY = Instant.parse("2026-11-27T00:00:00Z");
    static final Usd WORST_8000 = GuardFixture.worstCase(8000); // 0.0224056

    final GuardFixture guard = GuardFixture.guideDefaults(NOW);

    @AfterEach
    void closeDriver() {
        guard.close();
    }

    static BudgetState userDay(Instant start, String spent, String reserved, int open) {
        Usd limit = Usd.of("2.50");
        return new BudgetState(BudgetLevel.USER_DAILY, "alice", start, start.plusSeconds(86_400), limit,
                Usd.of(spent), Usd.of(reserved), limit.minus(Usd.of(spent)).minus(Usd.of(reserved)), open, NOW);
    }

    /** States carry the time of their window's last change, which flushes move on: compare the rest. */
    static void assertDay(BudgetState actual, BudgetState expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(expected);
    }

    @Test
    void shouldMoveActualCostFromReservedToSpent() {
        guard.send("job-1", "alice", 8000, NOW);

        guard.usage("job-1", "alice", 1, "0.01", false, NOW.plusSeconds(5));

        Map<String, BudgetState> states = guard.latestStates();
        assertDay(states.get("user_daily/alice"), userDay(DAY, "0.01", "0.0124056", 1));
        assertThat(states.get("site_hourly/site").spent()).isEqualTo(Usd.of("0.01"));
        assertThat(states.get("site_hourly/site").reserved()).isEqualTo(Usd.of("0.0124056"));
    }

    @Test
    void shouldReleaseTheRestOfTheReservationOnTheLastUsage() {
        guard.send("job-1", "alice", 8000, NOW);
        guard.usage("job-1", "alice", 1, "0.01", false, NOW.plusSeconds(5));

        guard.usage("job-1", "alice", 2, "0.005", true, NOW.plusSeconds(9));

        Map<String, BudgetState> states = guard.latestStates();
        assertDay(states.get("user_daily/alice"), userDay(DAY, "0.015", "0", 0));
        assertThat(states.get("site_hourly/site").reserved()).isEqualTo(Usd.ZERO);
        assertThat(states.get("site_hourly/site").openReservations()).isZero();
        assertThat(guard.driver.getKeyValueStore(BudgetStores.USER_JOBS).get("job-1")).isNull();
        assertThat(guard.driver.getKeyValueStore(BudgetStores.SITE_JOBS).get("job-1")).isNull();
    }

    @Test
    void shouldReleaseEverythingForAJobThatEndedWithoutAProviderCall() {
        guard.send("job-1", "alice", 8000, NOW);

        guard.usage("job-1", "alice", 0, "0", true, NOW.plusSeconds(1));

        assertDay(guard.latestStates().get("user_daily/alice"), userDay(DAY, "0", "0", 0));
    }

    @Test
    void shouldCountLateUsageAfterReleaseAsSpend() {
        guard.send("job-1", "alice", 8000, NOW);
        guard.usage("job-1", "alice", 1, "0.01", true, NOW.plusSeconds(5));

        guard.usage("job-1", "alice", 2, "0.002", false, NOW.plusSeconds(6));

        assertDay(guard.latestStates().get("user_daily/alice"), userDay(DAY, "0.012", "0", 0));
    }

    @Test
    void shouldSettleLateUsageWithinGraceIntoTheWindowThatHoldsTheReservation() {
        guard.send("job-1", "alice", 8000, Instant.parse("2026-11-26T23:59:00Z"));
        guard.send("job-2", "bob", 10, Instant.parse("2026-11-27T00:10:00Z")); // stream time moves on
        guard.latestStates();

        guard.usage("job-1", "alice", 1, "0.02", true, Instant.parse("2026-11-27T00:59:59Z"));

        assertDay(guard.latestStates().get("user_daily/alice"), userDay(DAY, "0.02", "0", 0));
        assertThat(userSpend("alice", NEXT_DAY)).isNull();
    }

    @Test
    void shouldCountUsageBeyondGraceInTheWindowOpenWhenItArrives() {
        guard.send("job-1", "alice", 8000, Instant.parse("2026-11-26T23:59:00Z"));
        guard.send("job-2", "bob", 10, Instant.parse("2026-11-27T01:00:00Z")); // the 26th closes: end + 1 h
        guard.latestStates();

        guard.usage("job-1", "alice", 1, "0.02", true, Instant.parse("2026-11-27T01:00:05Z"));

        assertDay(guard.latestStates().get("user_daily/alice"), userDay(NEXT_DAY, "0.02", "0", 0));
        assertThat(userSpend("alice", DAY)).isEqualTo(new WindowSpend(Usd.ZERO, WORST_8000, 1));
    }

    @Test
    void shouldForgetReservationsOfWindowsClosedBeyondGrace() {
        guard.send("job-1", "alice", 8000, Instant.parse("2026-11-26T23:59:00Z"));

        guard.send("job-2", "bob", 10, Instant.parse("2026-11-27T02:00:00Z"));

        assertThat(guard.driver.getKeyValueStore(BudgetStores.USER_JOBS).get("job-1")).isNull();
        assertThat(guard.driver.getKeyValueStore(BudgetStores.USER_JOBS).get("job-2")).isNotNull();
    }

    @Test
    void shouldSweepABoundedBatchEachTimeAndGoOnWhereTheLastSweepStopped() {
        int open = Ledger.SWEEP_BATCH + 10;
        for (int i = 0; i < open; i++) {
            // a user each (the day holds $2.50) and 10 tokens (the site's hour holds $8.00)
            guard.send(String.format("job-%04d", i), "user-" + i, 10, Instant.parse("2026-11-26T23:59:00Z"));
        }
        KeyValueStore<String, JobReservation> userJobs = guard.driver.getKeyValueStore(BudgetStores.USER_JOBS);
        KeyValueStore<String, JobReservation> siteJobs = guard.driver.getKeyValueStore(BudgetStores.SITE_JOBS);
        assertThat(count(userJobs)).isEqualTo(open);

        // the 26th has closed beyond grace: one sweep forgets one batch, in key order
        guard.send("zz-late", "bob", 10, Instant.parse("2026-11-27T02:00:00Z"));

        assertThat(count(userJobs)).isEqualTo(10 + 1);
        assertThat(userJobs.get(String.format("job-%04d", open - 1))).isNotNull();
        assertThat(count(siteJobs)).isEqualTo(10 + 1);

        // the next sweep, a second of stream time later, goes on from there
        guard.send("zz-later", "bob", 10, Instant.parse("2026-11-27T02:00:01Z"));

        assertThat(count(userJobs)).isEqualTo(2);
        assertThat(userJobs.get("zz-late")).isNotNull();
        assertThat(siteJobs.get("job-0000")).isNull();
        assertThat(count(siteJobs)).isEqualTo(2);
    }

    private static long count(KeyValueStore<String, JobReservation> store) {
        try (KeyValueIterator<String, JobReservation> all = store.all()) {
            long n = 0;
            for (; all.hasNext(); all.next()) {
                n++;
            }
            return n;
        }
    }

    @Test
    void shouldCountUsageOfAnUnknownJobAsSpend() {
        guard.usage("job-x", "alice", 1, "0.03", true, NOW);

        assertDay(guard.latestStates().get("user_daily/alice"), userDay(DAY, "0.03", "0", 0));
        assertThat(guard.decisions.isEmpty()).isTrue();
    }

    private WindowSpend userSpend(String user, Instant windowStart) {
        return guard.driver.<String, WindowSpend>getWindowStore(BudgetStores.USER_SPEND)
                .fetch(user, windowStart.toEpochMilli());
    }
}
