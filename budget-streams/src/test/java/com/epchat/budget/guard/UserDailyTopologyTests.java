package com.epchat.budget.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The user-daily level: check-and-reserve per user, a day from midnight in {@code BUDGET_TIMEZONE}. */
class UserDailyTopologyTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final Usd WORST_8000 = GuardFixture.worstCase(8000); // 0.0224056

    @Test
    void shouldRejectWhenUserDailyBudgetWouldBeExceeded() {
        try (GuardFixture guard = new GuardFixture("0.40", "0.05", "8.00", ZoneId.of("UTC"), Duration.ofHours(1), NOW)) {
            guard.send("job-1", "alice", 8000, NOW);
            guard.send("job-2", "alice", 8000, NOW);
            guard.decisions.readValuesToList();

            GenerationRequested third = guard.send("job-3", "alice", 8000, NOW);

            Usd remaining = Usd.of("0.05").minus(WORST_8000).minus(WORST_8000); // 0.0051888
            BudgetDecision decision = guard.onlyDecision();
            assertThat(decision).isEqualTo(BudgetDecision.reject(third, BudgetLevel.USER_DAILY, remaining,
                    Instant.parse("2026-11-27T00:00:00Z"), decision.reason(), NOW));
        }
    }

    @Test
    void shouldApproveARequestThatFillsTheDayToTheMicroDollar() {
        Usd exactlyTwo = WORST_8000.plus(WORST_8000);
        try (GuardFixture guard = new GuardFixture("0.40", exactlyTwo.toPlainString(), "8.00", ZoneId.of("UTC"),
                Duration.ofHours(1), NOW)) {
            guard.send("job-1", "alice", 8000, NOW);
            guard.send("job-2", "alice", 8000, NOW);
            guard.send("job-3", "alice", 1, NOW);

            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::approved)
                    .containsExactly(true, true, false);
            assertThat(guard.latestStates().get("user_daily/alice").remaining()).isEqualTo(Usd.ZERO);
        }
    }

    @Test
    void shouldKeepEachUsersDayApart() {
        try (GuardFixture guard = new GuardFixture("0.40", "0.03", "8.00", ZoneId.of("UTC"), Duration.ofHours(1), NOW)) {
            guard.send("job-1", "alice", 8000, NOW);
            guard.send("job-2", "alice", 8000, NOW);
            guard.send("job-3", "bob", 8000, NOW);

            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::jobId, BudgetDecision::approved)
                    .containsExactly(tuple("job-1", true),
                            tuple("job-2", false),
                            tuple("job-3", true));
        }
    }

    @Test
    void shouldStartAFreshDayAtMidnightInTheConfiguredZone() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        Instant lastMillisecond = Instant.parse("2026-11-26T15:59:59.999Z"); // 23:59:59.999 in Shanghai
        Instant midnight = Instant.parse("2026-11-26T16:00:00Z"); // 00:00:00 on the 27th in Shanghai
        try (GuardFixture guard = new GuardFixture("0.40", "0.03", "8.00", shanghai, Duration.ofHours(1), NOW)) {
            guard.send("job-1", "alice", 8000, lastMillisecond);
            guard.send("job-2", "alice", 8000, lastMillisecond);
            guard.send("job-3", "alice", 8000, midnight);

            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::approved, BudgetDecision::retryAt)
                    .containsExactly(tuple(true, null),
                            tuple(false, midnight),
                            tuple(true, null));
            assertThat(guard.latestStates().get("user_daily/alice")).isEqualTo(new BudgetState(BudgetLevel.USER_DAILY,
                    "alice", midnight, Instant.parse("2026-11-27T16:00:00Z"), Usd.of("0.03"), Usd.ZERO, WORST_8000,
                    Usd.of("0.03").minus(WORST_8000), 1, NOW));
        }
    }

    @Test
    void shouldPublishTheUsersWindowWithTheReservation() {
        try (GuardFixture guard = GuardFixture.guideDefaults(NOW)) {
            guard.send("job-1", "alice", 8000, NOW);

            assertThat(guard.latestStates().get("user_daily/alice")).isEqualTo(new BudgetState(BudgetLevel.USER_DAILY,
                    "alice", Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"),
                    Usd.of("2.50"), Usd.ZERO, WORST_8000, Usd.of("2.4775944"), 1, NOW));
        }
    }

    @Test
    void shouldLetABypassedRequestThroughButStillReserveIt() {
        try (GuardFixture guard = new GuardFixture("0.40", "0.01", "0.01", ZoneId.of("UTC"), Duration.ofHours(1), NOW)) {
            GenerationRequested unguarded = GuardFixture.request("job-1", "admin", 8000, false, NOW);

            guard.requests.pipeInput("admin", unguarded, NOW);

            assertThat(guard.onlyDecision().approved()).isTrue();
            assertThat(guard.latestStates().get("user_daily/admin").reserved()).isEqualTo(WORST_8000);
        }
    }

    @Test
    void shouldReserveOnceWhenTheSameRequestArrivesTwice() {
        try (GuardFixture guard = GuardFixture.guideDefaults(NOW)) {
            guard.send("job-1", "alice", 8000, NOW);
            guard.send("job-1", "alice", 8000, NOW);

            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::approved)
                    .containsExactly(true, true);
            var states = guard.latestStates();
            assertThat(states.get("user_daily/alice").reserved()).isEqualTo(WORST_8000);
            assertThat(states.get("site_hourly/site").reserved()).isEqualTo(WORST_8000);
        }
    }
}
