package com.epchat.batch.coordinator;

import static com.epchat.batch.coordinator.BatchTopologyFixture.BATCH;
import static com.epchat.batch.coordinator.BatchTopologyFixture.USER;
import static com.epchat.batch.coordinator.BatchTopologyFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchRef;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchSpec.OnBudgetReject;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Dispatch, metering, completion and budgets of one batch on the coordinator's topology. */
class BatchMeteringTopologyTests {

    @Test
    void shouldDispatchAtMostMaxInFlightAndTheNextWhenOneEnds() {
        try (var f = new BatchTopologyFixture(2)) {
            f.upload(spec(3, null, OnBudgetReject.FAIL), "0.01", "0.01", "0.01");

            var first = f.requests.readKeyValue();
            assertThat(first.key).isEqualTo(USER);
            GenerationRequested expected = BatchTopologyFixture.request("0.01")
                    .forAttempt(new BatchRef(BATCH, "req-1", 1, 1), f.now());
            assertThat(first.value).isEqualTo(expected);
            assertThat(first.value.lane()).isEqualTo(Lane.BULK);
            assertThat(f.dispatched()).containsExactly(BATCH + ".2.1");
            assertThat(f.state()).extracting(BatchState::status, BatchState::counts, BatchState::reserved)
                    .containsExactly(BatchStatus.IN_PROGRESS, new BatchCounts(3, 1, 2, 0, 0, 0, 0, 0), Usd.of("0.02"));

            f.complete(2, 1, "0.004");

            assertThat(f.dispatched()).containsExactly(BATCH + ".3.1");
            assertThat(f.state().counts()).isEqualTo(new BatchCounts(3, 0, 2, 1, 0, 0, 0, 0));
            assertThat(f.state().status()).isEqualTo(BatchStatus.FINALIZING);
        }
    }

    @Test
    void shouldCompleteWithCountsSpendUsageAndOneResultPerItem() {
        try (var f = new BatchTopologyFixture(16)) {
            f.upload(spec(3, null, OnBudgetReject.FAIL), "0.01", "0.01", "0.01");
            assertThat(f.dispatched()).hasSize(3);

            f.complete(1, 1, "0.001");
            f.complete(3, 1, "0.002");
            f.report(2, 1, JobState.FAILED, "partial", "0.0005", "provider_error", null, null);

            BatchState state = f.state();
            assertThat(state).extracting(BatchState::status, BatchState::counts, BatchState::spent,
                    BatchState::reserved, BatchState::usage).containsExactly(BatchStatus.COMPLETED,
                    new BatchCounts(3, 0, 0, 2, 1, 0, 0, 0), Usd.of("0.0035"), Usd.ZERO, new TokenUsage(0, 30, 60, 0));
            assertThat(state.finishedAt()).isEqualTo(f.now().minus(BatchTopologyFixture.TICK));
            var results = f.results();
            assertThat(results).containsOnlyKeys(BatchResult.key(BATCH, "req-1"), BatchResult.key(BATCH, "req-2"),
                    BatchResult.key(BATCH, "req-3"));
            assertThat(results.get(BatchResult.key(BATCH, "req-1"))).isEqualTo(new BatchResult(BATCH, "req-1", 1,
                    BATCH + ".1.1", "answer 1", "stop", BatchTopologyFixture.usage(), Usd.of("0.001"), null,
                    state.finishedAt()));
            assertThat(results.get(BatchResult.key(BATCH, "req-2")).error())
                    .isEqualTo(new BatchResult.Error("provider_error", "the job failed"));
        }
    }

    @Test
    void shouldEndABudgetRejectedItemAtOnceUnderFail() {
        try (var f = new BatchTopologyFixture(16)) {
            f.upload(spec(2, null, OnBudgetReject.FAIL), "0.01", "0.01");
            f.report(1, 1, JobState.REJECTED, "", "0", null, BudgetLevel.USER_DAILY, f.now().plusSeconds(60));
            f.complete(2, 1, "0.001");

            assertThat(f.state().counts()).isEqualTo(new BatchCounts(2, 0, 0, 1, 0, 1, 0, 0));
            assertThat(f.state().status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(f.results().get(BatchResult.key(BATCH, "req-1")).error()).isEqualTo(
                    new BatchResult.Error("budget_rejected", "rejected by the budget guard at level user_daily"));
        }
    }

    @Test
    void shouldRetryABudgetRejectedItemAfterRetryAtWithANewAttemptUnderWait() {
        try (var f = new BatchTopologyFixture(16)) {
            f.upload(spec(1, null, OnBudgetReject.WAIT), "0.01");
            assertThat(f.dispatched()).containsExactly(BATCH + ".1.1");
            Instant retryAt = f.now().plus(Duration.ofMinutes(5));

            f.report(1, 1, JobState.REJECTED, "", "0", null, BudgetLevel.SITE_HOURLY, retryAt);

            assertThat(f.state()).extracting(BatchState::status, BatchState::counts, BatchState::reserved)
                    .containsExactly(BatchStatus.IN_PROGRESS, new BatchCounts(1, 1, 0, 0, 0, 0, 0, 0), Usd.ZERO);
            f.advance(Duration.ofMinutes(4));
            assertThat(f.dispatched()).isEmpty();

            f.advance(Duration.ofMinutes(1));

            assertThat(f.dispatched()).containsExactly(BATCH + ".1.2");
            f.complete(1, 2, "0.001");
            assertThat(f.state().counts()).isEqualTo(new BatchCounts(1, 0, 0, 1, 0, 0, 0, 0));
            assertThat(f.results().get(BatchResult.key(BATCH, "req-1")).jobId()).isEqualTo(BATCH + ".1.2");
        }
    }

    @Test
    void shouldEndAWaitingItemWhenItsWindowResetsAfterTheBatchExpires() {
        try (var f = new BatchTopologyFixture(16)) {
            f.upload(spec(1, null, OnBudgetReject.WAIT), "0.01");

            f.report(1, 1, JobState.REJECTED, "", "0", null, BudgetLevel.USER_DAILY, f.now().plus(Duration.ofDays(2)));

            assertThat(f.state().counts()).isEqualTo(new BatchCounts(1, 0, 0, 0, 0, 1, 0, 0));
            assertThat(f.results().get(BatchResult.key(BATCH, "req-1")).error().code()).isEqualTo("budget_rejected");
        }
    }

    @Test
    void shouldKeepTheBatchCapExactToTheMicroDollar() {
        try (var f = new BatchTopologyFixture(16)) {
            f.upload(spec(5, "0.000003", OnBudgetReject.FAIL), "0.000001", "0.000001", "0.000001", "0.000001",
                    "0.000001");

            // three worst cases are exactly the cap: they go; a fourth would be one micro-dollar over
            assertThat(f.dispatched()).containsExactly(BATCH + ".1.1", BATCH + ".2.1", BATCH + ".3.1");
            assertThat(f.state().reserved()).isEqualTo(Usd.of("0.000003"));

            f.complete(1, 1, "0.000001");
            f.complete(2, 1, "0.0000005");
            assertThat(f.dispatched()).isEmpty(); // 1.5 spent + 1 reserved + 1 = 3.5 micro-dollars
            f.complete(3, 1, "0.0000005");

            // 2 spent + 1 = 3: fits exactly; the fifth waits for it, then can never fit
            assertThat(f.dispatched()).containsExactly(BATCH + ".4.1");
            f.complete(4, 1, "0.000001");

            assertThat(f.dispatched()).isEmpty();
            BatchState state = f.state();
            assertThat(state).extracting(BatchState::status, BatchState::counts, BatchState::spent)
                    .containsExactly(BatchStatus.COMPLETED, new BatchCounts(5, 0, 0, 4, 0, 1, 0, 0), Usd.of("0.000003"));
            assertThat(f.results().get(BatchResult.key(BATCH, "req-5")).error().code())
                    .isEqualTo("batch_budget_exceeded");
        }
    }
}
