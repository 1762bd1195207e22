package com.epchat.batch.coordinator;

import static com.epchat.batch.coordinator.BatchTopologyFixture.BATCH;
import static com.epchat.batch.coordinator.BatchTopologyFixture.ORPHAN_TIMEOUT;
import static com.epchat.batch.coordinator.BatchTopologyFixture.USER;
import static com.epchat.batch.coordinator.BatchTopologyFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchSpec.OnBudgetReject;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.JobControl;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** Cancel, expiry, duplicates, a broken upload and unreadable records on the coordinator's topology. */
class BatchStopTopologyTests {

    @Test
    void shouldCancelPendingItemsAtOnceAndRunningOnesWhenTheyReport() {
        try (var f = new BatchTopologyFixture(2)) {
            f.upload(spec(3, null, OnBudgetReject.FAIL), "0.01", "0.01", "0.01");
            f.dispatched();

            f.cancel();

            assertThat(f.control.readValuesToList()).containsExactly(
                    new JobControl(BATCH + ".1.1", USER, JobControl.Action.CANCEL, "admin", f.now()),
                    new JobControl(BATCH + ".2.1", USER, JobControl.Action.CANCEL, "admin", f.now()));
            assertThat(f.results().get(BatchResult.key(BATCH, "req-3"))).isEqualTo(new BatchResult(BATCH, "req-3", 3,
                    null, null, null, TokenUsage.NONE, Usd.ZERO,
                    new BatchResult.Error("batch_cancelled", "the batch was cancelled"), f.now()));
            assertThat(f.state()).extracting(BatchState::status, BatchState::counts)
                    .containsExactly(BatchStatus.CANCELLING, new BatchCounts(3, 0, 2, 0, 0, 0, 1, 0));

            f.report(1, 1, JobState.CANCELLED, "half an ans", "0.0004", "cancelled", null, null);
            f.report(2, 1, JobState.CANCELLED, "", "0", "cancelled", null, null);

            BatchState state = f.state();
            assertThat(state).extracting(BatchState::status, BatchState::counts, BatchState::spent,
                    BatchState::reserved).containsExactly(BatchStatus.CANCELLED,
                    new BatchCounts(3, 0, 0, 0, 0, 0, 3, 0), Usd.of("0.0004"), Usd.ZERO);
            BatchResult partial = f.results().get(BatchResult.key(BATCH, "req-1"));
            assertThat(partial).extracting(BatchResult::output, BatchResult::cost, BatchResult::error).containsExactly(
                    "half an ans", Usd.of("0.0004"), new BatchResult.Error("batch_cancelled", "the batch was cancelled"));
            assertThat(f.dispatched()).isEmpty();
        }
    }

    @Test
    void shouldExpirePendingAndRunningItemsAndForceEndAnOrphanAfterItsTimeout() {
        try (var f = new BatchTopologyFixture(2)) {
            f.upload(spec(3, null, OnBudgetReject.FAIL), "0.01", "0.01", "0.01");
            f.dispatched();

            f.advance(Duration.ofHours(24));

            assertThat(f.control.readValuesToList()).extracting(JobControl::jobId, JobControl::requestedBy)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(BATCH + ".1.1", "batch-coordinator"),
                            org.assertj.core.groups.Tuple.tuple(BATCH + ".2.1", "batch-coordinator"));
            assertThat(f.results().get(BatchResult.key(BATCH, "req-3")).error().code()).isEqualTo("batch_expired");
            assertThat(f.state()).extracting(BatchState::status, BatchState::counts)
                    .containsExactly(BatchStatus.FINALIZING, new BatchCounts(3, 0, 2, 0, 0, 0, 0, 1));

            f.report(1, 1, JobState.CANCELLED, "part", "0.0001", "cancelled", null, null);
            f.advance(ORPHAN_TIMEOUT.minusSeconds(1));
            assertThat(f.state().status()).isEqualTo(BatchStatus.FINALIZING);

            f.advance(Duration.ofSeconds(1));

            assertThat(f.state()).extracting(BatchState::status, BatchState::counts, BatchState::spent,
                    BatchState::reserved).containsExactly(BatchStatus.EXPIRED, new BatchCounts(3, 0, 0, 0, 0, 0, 0, 3),
                    Usd.of("0.0001"), Usd.ZERO);
            assertThat(f.results()).containsOnlyKeys(BatchResult.key(BATCH, "req-1"), BatchResult.key(BATCH, "req-2"));
        }
    }

    @Test
    void shouldIgnoreADuplicateOutcomeAndAReSentUpload() {
        try (var f = new BatchTopologyFixture(16)) {
            f.upload(spec(2, null, OnBudgetReject.FAIL), "0.01", "0.01");
            f.complete(1, 1, "0.001");
            f.complete(1, 1, "0.001");
            f.report(2, 7, JobState.COMPLETED, "stale attempt", "0.001", null, null, null);
            assertThat(f.state().counts()).isEqualTo(new BatchCounts(2, 0, 1, 1, 0, 0, 0, 0));
            assertThat(f.results.readValuesToList()).hasSize(1);

            f.upload(spec(2, null, OnBudgetReject.FAIL), "0.01", "0.01");

            assertThat(f.dispatched()).containsExactly(BATCH + ".1.1", BATCH + ".2.1");
            f.complete(2, 1, "0.001");
            BatchState state = f.state();
            assertThat(state).extracting(BatchState::status, BatchState::counts, BatchState::spent).containsExactly(
                    BatchStatus.COMPLETED, new BatchCounts(2, 0, 0, 2, 0, 0, 0, 0), Usd.of("0.002"));
            f.upload(spec(2, null, OnBudgetReject.FAIL), "0.01", "0.01");
            assertThat(f.dispatched()).isEmpty();
            assertThat(f.state()).isEqualTo(state);
        }
    }

    @Test
    void shouldFailABatchWhoseSealDoesNotMatchItsItems() {
        try (var f = new BatchTopologyFixture(16)) {
            f.upload(spec(3, null, OnBudgetReject.FAIL), "0.01", "0.01");

            assertThat(f.dispatched()).isEmpty();
            assertThat(f.state()).extracting(BatchState::status, BatchState::counts)
                    .containsExactly(BatchStatus.FAILED, new BatchCounts(2, 0, 0, 0, 2, 0, 0, 0));
            assertThat(f.results().values()).extracting(r -> r.error().code())
                    .containsExactly("batch_incomplete", "batch_incomplete");
        }
    }

    @Test
    void shouldDeadLetterAnUnreadableRecordAndGoOn() {
        try (var f = new BatchTopologyFixture(16)) {
            f.rawInput.pipeInput(BATCH, "{not json".getBytes(StandardCharsets.UTF_8));
            f.upload(spec(1, null, OnBudgetReject.FAIL), "0.01");

            assertThat(f.deadLetters.readValuesToList()).singleElement().satisfies(letter -> {
                assertThat(letter.topic()).isEqualTo(Topics.BATCH_INPUT.name());
                assertThat(letter.service()).isEqualTo("batch-coordinator");
            });
            assertThat(f.dispatched()).containsExactly(BATCH + ".1.1");
        }
    }

    @Test
    void shouldPutResultsOnTheirBatchsPartitionNotTheirKeys() {
        List<String> batches = List.of(BATCH, "batch_ffffffffffffffffffffffffffffffff", "batch_1");
        for (String batch : batches) {
            BatchResult result = new BatchResult(batch, "a-custom-id", 1, null, null, null, null, Usd.ZERO, null, null);
            assertThat(BatchTopology.BATCH_PARTITION.partitions(Topics.BATCH_RESULTS.name(),
                    BatchResult.key(batch, "a-custom-id"), result, Topics.BATCH_PARTITIONS))
                    .isEqualTo(Optional.of(Set.of(Topics.batchPartition(batch))));
        }
        // without it the key <batchId>/<custom_id> would scatter a batch's results over the partitions
        assertThat(batches).anySatisfy(batch -> assertThat(BuiltInPartitioner.partitionForKey(
                BatchResult.key(batch, "a-custom-id").getBytes(StandardCharsets.UTF_8), Topics.BATCH_PARTITIONS))
                .isNotEqualTo(Topics.batchPartition(batch)));
    }
}
