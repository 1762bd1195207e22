package com.epchat.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItem;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchSpec;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * batch-coordinator as deployed (the Spring application, exactly-once Kafka Streams) on a real broker, with
 * a fake bulk worker answering its dispatches: a batch completes with one result per custom_id on the
 * batch's partition, and a restart of the coordinator mid-batch loses and doubles nothing.
 */
class BatchCoordinatorIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String USER = "bulk-user";

    @BeforeAll
    static void createTopics() {
        try (var admin = TestKafka.admin()) {
            TopicCreator.createMissing(admin, Topics.all());
        }
    }

    static ConfigurableApplicationContext coordinator(String applicationId) throws Exception {
        return BatchCoordinatorApplication.builder().properties(
                "KAFKA_BOOTSTRAP_SERVERS=" + TestKafka.bootstrapServers(),
                "BATCH_COORDINATOR_PORT=0",
                "BATCH_MAX_IN_FLIGHT=2",
                "EP_STATE_DIR=" + Files.createTempDirectory("batch-coordinator"))
                // an argument, not a default property: the yml's own application-id would win over that
                .run("--spring.kafka.streams.application-id=" + applicationId);
    }

    @Test
    void shouldCompleteABatchWithOneResultPerCustomIdOnTheBatchsPartition() throws Exception {
        String batchId = newBatchId();
        try (var app = coordinator(TestKafka.uniqueName("batch-it")); var worker = new FakeBulkWorker(batchId, 1000)) {
            upload(batchId, 5);

            BatchState state = awaitFinal(batchId);

            assertThat(state.counts()).isEqualTo(new BatchCounts(5, 0, 0, 5, 0, 0, 0, 0));
            assertThat(state.spent()).isEqualTo(FakeBulkWorker.COST.times(5));
            assertThat(resultsOf(batchId)).hasSize(5).allSatisfy((customId, results) -> assertThat(results)
                    .singleElement().satisfies(r -> assertThat(r.output()).isEqualTo("answer to " + customId)));
            // at least: a new application id reads ep.batch.input and ep.batch.outcomes from the start, so the
            // other test's batch, already on this broker, is coordinated (and counted) here again
            assertThat(app.getBean(MeterRegistry.class).get("ep_chat_batch_items_ended_total")
                    .tag("outcome", "succeeded").counter().count()).isGreaterThanOrEqualTo(5.0);
        }
    }

    @Test
    void shouldLoseAndDoubleNothingWhenTheCoordinatorRestartsMidBatch() throws Exception {
        String batchId = newBatchId();
        String applicationId = TestKafka.uniqueName("batch-restart-it");
        try (var worker = new FakeBulkWorker(batchId, 3)) {
            var first = coordinator(applicationId);
            upload(batchId, 8);
            // three answered, two more running (BATCH_MAX_IN_FLIGHT) and held by the worker
            await("five dispatched").atMost(WAIT).until(() -> worker.dispatched().size() == 5);
            first.close();

            try (var second = coordinator(applicationId)) {
                worker.answerUpTo(1000);
                BatchState state = awaitFinal(batchId);

                assertThat(state.counts()).isEqualTo(new BatchCounts(8, 0, 0, 8, 0, 0, 0, 0));
                assertThat(state.spent()).isEqualTo(FakeBulkWorker.COST.times(8));
                assertThat(worker.dispatched()).containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 8).mapToObj(line -> batchId + "." + line + ".1").toList());
                assertThat(resultsOf(batchId)).hasSize(8).allSatisfy((customId, results) -> assertThat(results).hasSize(1));
            }
        }
    }

    static String newBatchId() {
        return "batch_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** As ingest-api does: the items, then the seal, in one transaction. */
    static void upload(String batchId, int items) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.uniqueName("batch-upload")),
                Topics.BATCH_INPUT.keySerde().serializer(), Topics.BATCH_INPUT.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            Instant now = Instant.now();
            for (int line = 1; line <= items; line++) {
                GenerationRequested request = new GenerationRequested(null, USER, "deepseek-v3.1",
                        List.of(ChatMessage.user("item " + line)), 50, true, Lane.BULK,
                        new CostEstimate(5, 50, 1, 8192, Usd.of("0.0002")), now);
                producer.send(new ProducerRecord<>(Topics.BATCH_INPUT.name(), batchId,
                        BatchInput.item(batchId, USER, new BatchItem("custom-" + line, line, request), now)));
            }
            producer.send(new ProducerRecord<>(Topics.BATCH_INPUT.name(), batchId, BatchInput.seal(batchId, USER,
                    new BatchSpec(items, 0, null, BatchSpec.OnBudgetReject.FAIL, now, now.plus(Duration.ofHours(1)),
                            null), now)));
            producer.commitTransaction();
        }
    }

    static BatchState awaitFinal(String batchId) {
        Map<String, BatchState> latest = new HashMap<>();
        try (var consumer = reader(Topics.BATCH_STATE.valueSerde().deserializer(), Topics.BATCH_STATE.name(), batchId)) {
            return await("batch " + batchId + " final").atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                return latest.get(batchId);
            }, state -> state != null && state.status().isFinal());
        }
    }

    /** Every result of the batch, by custom_id, read from the batch's partition only (the state is final). */
    static Map<String, List<BatchResult>> resultsOf(String batchId) {
        Map<String, List<BatchResult>> byCustomId = new HashMap<>();
        try (var consumer = reader(Topics.BATCH_RESULTS.valueSerde().deserializer(), Topics.BATCH_RESULTS.name(),
                batchId)) {
            TopicPartition partition = new TopicPartition(Topics.BATCH_RESULTS.name(), Topics.batchPartition(batchId));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, BatchResult> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().batchId().equals(batchId)) {
                        byCustomId.computeIfAbsent(r.value().customId(), k -> new ArrayList<>()).add(r.value());
                    }
                }
            }
        }
        return byCustomId;
    }

    /** A read_committed reader of the batch's partition of a batch topic, from its start. */
    static <V> KafkaConsumer<String, V> reader(Deserializer<V> values, String topic, String batchId) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.BATCH_STATE.keySerde().deserializer(), values);
        TopicPartition partition = new TopicPartition(topic, Topics.batchPartition(batchId));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }
}
