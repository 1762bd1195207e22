package com.epchat.batch;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays generation-worker's bulk lane for one batch: reads {@code ep.generation.requests} (read_committed, as
 * the real pipeline sees the coordinator's transactions), keeps every dispatched job id, and answers each
 * request of lane bulk with a COMPLETED {@link BatchItemOutcome} on {@code ep.batch.outcomes}, up to
 * {@code answerLimit} answers; the rest it holds until the limit is raised.
 */
final class FakeBulkWorker implements AutoCloseable {

    static final Usd COST = Usd.of("0.000123");

    private final String batchId;
    private final List<String> dispatched = new CopyOnWriteArrayList<>();
    private final List<GenerationRequested> held = new ArrayList<>();
    private final Thread thread;
    private volatile int answerLimit;
    private volatile boolean running = true;
    private int answered;

    FakeBulkWorker(String batchId, int answerLimit) {
        this.batchId = batchId;
        this.answerLimit = answerLimit;
        this.thread = new Thread(this::run, "fake-bulk-worker");
        thread.start();
    }

    List<String> dispatched() {
        return List.copyOf(dispatched);
    }

    void answerUpTo(int limit) {
        answerLimit = limit;
    }

    private void run() {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("fake-bulk-worker"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.GENERATION_REQUESTS.keySerde().deserializer(), Topics.GENERATION_REQUESTS.valueSerde().deserializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                Topics.BATCH_OUTCOMES.keySerde().serializer(), Topics.BATCH_OUTCOMES.valueSerde().serializer())) {
            consumer.subscribe(List.of(Topics.GENERATION_REQUESTS.name()));
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    GenerationRequested request = record.value();
                    if (request.lane() == Lane.BULK && request.batch() != null
                            && batchId.equals(request.batch().batchId())) {
                        dispatched.add(request.jobId());
                        held.add(request);
                    }
                }
                while (!held.isEmpty() && answered < answerLimit) {
                    GenerationRequested request = held.remove(0);
                    producer.send(new ProducerRecord<>(Topics.BATCH_OUTCOMES.name(), batchId, new BatchItemOutcome(
                            request.batch(), request.jobId(), request.userId(), JobState.COMPLETED,
                            "answer to " + request.batch().customId(), "stop", "deepseek-chat",
                            new TokenUsage(0, 12, 34, 0), COST, null, null, null, Instant.now())));
                    answered++;
                }
                producer.flush();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
