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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The site-hourly level: after the user stage, one site-wide clock hour, compensating the user on rejection. */
class SiteHourlyTopologyTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:30:00Z");
    static final Usd WORST_8000 = GuardFixture.worstCase(8000); // 0.0224056

    static GuardFixture siteOf(String siteHourly) {
        return new GuardFixture("0.40", "2.50", siteHourly, ZoneId.of("UTC"), Duration.ofHours(1), NOW);
    }

    @Test
    void shouldRejectAtTheSiteLevelWhenTheHourWouldBeExceeded() {
        try (GuardFixture guard = siteOf("0.05")) {
            guard.send("job-1", "alice", 8000, NOW);
            guard.send("job-2", "alice", 8000, NOW);
            guard.decisions.readValuesToList();

            GenerationRequested bobs = guard.send("job-3", "bob", 8000, NOW);

            BudgetDecision decision = guard.onlyDecision();
            assertThat(decision).isEqualTo(BudgetDecision.reject(bobs, BudgetLevel.SITE_HOURLY,
                    Usd.of("0.0051888"), Instant.parse("2026-11-26T11:00:00Z"), decision.reason(), NOW));
        }
    }

    @Test
    void shouldCompensateTheUserReservationWhenTheSiteRejects() {
        try (GuardFixture guard = siteOf("0.03")) {
            guard.send("job-1", "alice", 8000, NOW);

            guard.send("job-2", "bob", 8000, NOW);

            // bob's day was reserved by the user stage, then released by the compensation
            var bobsDay = guard.driver.<String, com.epchat.budget.ledger.WindowSpend>getWindowStore(
                    BudgetStores.USER_SPEND).fetch("bob", Instant.parse("2026-11-26T00:00:00Z").toEpochMilli());
            assertThat(bobsDay).isEqualTo(com.epchat.budget.ledger.WindowSpend.EMPTY);
            assertThat(guard.driver.getKeyValueStore(BudgetStores.USER_JOBS).get("job-2")).isNull();
            assertThat(guard.latestStates().get("user_daily/bob")).isEqualTo(new BudgetState(BudgetLevel.USER_DAILY,
                    "bob", Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"),
                    Usd.of("2.50"), Usd.ZERO, Usd.ZERO, Usd.of("2.50"), 0, NOW));
        }
    }

    @Test
    void shouldPublishTheUsersLatestDayWhenACompensationAndASettlementFallInOneInterval() {
        try (GuardFixture guard = siteOf("0.03")) {
            guard.send("job-1", "alice", 8000, NOW);
            // the site refuses: the compensating processor releases alice's reservation of job-2
            guard.send("job-2", "alice", 8000, NOW.plusMillis(1));
            // then the user stage settles job-1, before any state is published
            guard.usage("job-1", "alice", 1, "0.01", true, NOW.plusMillis(2));

            assertThat(guard.latestStates().get("user_daily/alice")).usingRecursiveComparison()
                    .ignoringFields("updatedAt").isEqualTo(new BudgetState(BudgetLevel.USER_DAILY, "alice",
                            Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"),
                            Usd.of("2.50"), Usd.of("0.01"), Usd.ZERO, Usd.of("2.49"), 0, NOW));
        }
    }

    @Test
    void shouldLetTheWorkerSeeOnlyTheFinalDecision() {
        try (GuardFixture guard = siteOf("0.03")) {
            guard.send("job-1", "alice", 8000, NOW);
            guard.send("job-2", "bob", 8000, NOW);

            // one decision per request: the user stage's approval of job-2 never reaches the topic
            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::jobId, BudgetDecision::approved)
                    .containsExactly(tuple("job-1", true), tuple("job-2", false));
        }
    }

    @Test
    void shouldCarryTheCorrelationHeaderThroughTheSiteStage() {
        try (GuardFixture guard = siteOf("0.03")) {
            RecordHeaders approved = new RecordHeaders();
            approved.add("kafka_correlationId", new byte[] {7});
            RecordHeaders rejected = new RecordHeaders();
            rejected.add("kafka_correlationId", new byte[] {8});

            guard.requests.pipeInput(new TestRecord<>("alice", GuardFixture.request("job-1", "alice", 8000, NOW),
                    approved, NOW));
            guard.requests.pipeInput(new TestRecord<>("bob", GuardFixture.request("job-2", "bob", 8000, NOW),
                    rejected, NOW));

            assertThat(guard.decisions.readRecordsToList()).extracting(
                    r -> r.key(), r -> r.headers().lastHeader("kafka_correlationId").value()[0])
                    .containsExactly(tuple("alice", (byte) 7), tuple("bob", (byte) 8));
        }
    }

    @Test
    void shouldStartAFreshSiteHourOnTheClockHour() {
        Instant lastMillisecond = Instant.parse("2026-11-26T10:59:59.999Z");
        Instant nextHour = Instant.parse("2026-11-26T11:00:00Z");
        try (GuardFixture guard = siteOf("0.03")) {
            guard.send("job-1", "alice", 8000, lastMillisecond);
            guard.send("job-2", "bob", 8000, lastMillisecond);
            guard.send("job-3", "carol", 8000, nextHour);

            assertThat(guard.decisions.readValuesToList()).extracting(BudgetDecision::approved, BudgetDecision::retryAt)
                    .containsExactly(tuple(true, null), tuple(false, nextHour), tuple(true, null));
            assertThat(guard.latestStates().get("site_hourly/site")).isEqualTo(new BudgetState(
                    BudgetLevel.SITE_HOURLY, "site", nextHour, Instant.parse("2026-11-26T12:00:00Z"), Usd.of("0.03"),
                    Usd.ZERO, WORST_8000, Usd.of("0.03").minus(WORST_8000), 1, NOW));
        }
    }

    @Test
    void shouldReportTheTightestLevelAsRemainingOnApproval() {
        try (GuardFixture guard = siteOf("0.05")) {
            GenerationRequested request = guard.send("job-1", "alice", 8000, NOW);

            // request 0.3775944, user 2.4775944, site 0.0275944: the site is the tightest
            assertThat(guard.onlyDecision()).isEqualTo(
                    BudgetDecision.approve(request, WORST_8000, Usd.of("0.0275944"), NOW));
        }
    }
}
