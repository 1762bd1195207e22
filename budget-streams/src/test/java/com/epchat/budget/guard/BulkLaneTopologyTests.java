package com.epchat.budget.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.Lane;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bulk lane: every decision of a {@code bulk} request, approved or rejected at any level, goes to
 * {@code ep.budget.decisions.bulk} and none to {@code ep.budget.decisions}; the books are the same.
 */
class BulkLaneTopologyTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:30:00Z");

    static GuardFixture guard(String request, String userDaily, String siteHourly) {
        return new GuardFixture(request, userDaily, siteHourly, ZoneId.of("UTC"), Duration.ofHours(1), NOW);
    }

    @Test
    void shouldWriteABulkApprovalToTheBulkTopicOnly() {
        try (GuardFixture guard = GuardFixture.guideDefaults(NOW)) {
            guard.send("batch_1.1.1", "alice", 8000, Lane.BULK, NOW);

            assertThat(guard.decisions.isEmpty()).isTrue();
            assertThat(guard.bulkDecisions.readRecordsToList()).extracting(r -> r.key(), r -> r.value().jobId(),
                    r -> r.value().approved()).containsExactly(tuple("alice", "batch_1.1.1", true));
        }
    }

    @Test
    void shouldWriteBulkRejectionsOfEveryStageToTheBulkTopicOnly() {
        // request cap 0.03 rejects 20,000 tokens; the day of 0.05 holds two 8,000-token jobs; the site hour of
        // 0.06 then rejects carol's third (after alice's two)
        try (GuardFixture guard = guard("0.03", "0.05", "0.06")) {
            guard.send("b.1.1", "alice", 20_000, Lane.BULK, NOW);
            guard.send("b.2.1", "alice", 8000, Lane.BULK, NOW);
            guard.send("b.3.1", "alice", 8000, Lane.BULK, NOW);
            guard.send("b.4.1", "alice", 8000, Lane.BULK, NOW);
            guard.send("b.5.1", "carol", 8000, Lane.BULK, NOW);

            assertThat(guard.decisions.isEmpty()).isTrue();
            assertThat(guard.bulkDecisions.readValuesToList())
                    .extracting(BudgetDecision::jobId, BudgetDecision::approved, BudgetDecision::rejectedAt)
                    .containsExactlyInAnyOrder(tuple("b.1.1", false, BudgetLevel.REQUEST),
                            tuple("b.2.1", true, null), tuple("b.3.1", true, null),
                            tuple("b.4.1", false, BudgetLevel.USER_DAILY), tuple("b.5.1", false, BudgetLevel.SITE_HOURLY));
        }
    }

    @Test
    void shouldKeepInteractiveDecisionsOffTheBulkTopic() {
        try (GuardFixture guard = guard("0.03", "2.50", "8.00")) {
            guard.send("job-1", "alice", 8000, NOW);
            guard.send("job-2", "alice", 20_000, NOW);

            assertThat(guard.bulkDecisions.isEmpty()).isTrue();
            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::jobId, BudgetDecision::approved)
                    .containsExactly(tuple("job-1", true), tuple("job-2", false));
        }
    }

    @Test
    void shouldCountBothLanesAlikeInTheBooks() {
        Map<String, BudgetState> interactive = books(Lane.INTERACTIVE);
        Map<String, BudgetState> bulk = books(Lane.BULK);

        assertThat(bulk).isEqualTo(interactive);
        // j1 settled at 0.0011; j2 and j3 still reserve their worst cases
        assertThat(bulk.get("user_daily/alice").spent()).isEqualTo(com.epchat.topics.money.Usd.of("0.0011"));
        assertThat(bulk.get("user_daily/alice").reserved())
                .isEqualTo(GuardFixture.worstCase(8000).plus(GuardFixture.worstCase(8000)));
    }

    @Test
    void shouldShareOneBudgetBetweenTheLanes() {
        // the day holds two jobs, whichever lane they travel in
        try (GuardFixture guard = guard("0.40", "0.05", "8.00")) {
            guard.send("job-1", "alice", 8000, Lane.INTERACTIVE, NOW);
            guard.send("b.1.1", "alice", 8000, Lane.BULK, NOW);
            guard.send("job-2", "alice", 8000, Lane.INTERACTIVE, NOW);

            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::jobId, BudgetDecision::approved)
                    .containsExactly(tuple("job-1", true), tuple("job-2", false));
            assertThat(guard.bulkDecisions.readValuesToList()).extracting(BudgetDecision::approved)
                    .containsExactly(true);
        }
    }

    /** Two approvals, a settlement that makes room for a third, in one lane; the published states. */
    private static Map<String, BudgetState> books(Lane lane) {
        try (GuardFixture guard = guard("0.40", "0.05", "8.00")) {
            guard.send("j1", "alice", 8000, lane, NOW);
            guard.send("j2", "alice", 8000, lane, NOW);
            guard.usage("j1", "alice", 1, "0.0011", true, NOW);
            guard.send("j3", "alice", 8000, lane, NOW);
            List<BudgetDecision> decisions = lane == Lane.BULK
                    ? guard.bulkDecisions.readValuesToList() : guard.decisions.readValuesToList();
            assertThat(decisions).extracting(BudgetDecision::approved).containsExactly(true, true, true);
            return guard.latestStates();
        }
    }
}
