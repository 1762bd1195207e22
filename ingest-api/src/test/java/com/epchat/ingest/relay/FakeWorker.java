package com.epchat.ingest.relay;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays generation-worker for relay tests: writes a job's status and its chunk events to the real
 * topics, as the worker's {@code JobOutput} does (idempotent producer, one event per token).
 */
final class FakeWorker implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();

    /** A job of {@code userId} that has started: its RUNNING status is written and acknowledged. */
    String start(String userId, Instant requestedAt) {
        String jobId = UUID.randomUUID().toString();
        status(new JobStatus(jobId, userId, JobState.RUNNING, "deepseek-v3.1", "deepseek-chat", 1, 0, 0,
                TokenUsage.NONE, Usd.ZERO, null, null, requestedAt, Instant.now()));
        return jobId;
    }

    void status(JobStatus status) {
        send(Topics.JOB_STATUS, status.jobId(), status, null, null);
        producer.flush();
    }

    void delta(String jobId, long seq, String text) {
        send(Topics.GENERATION_CHUNKS, jobId, ChunkEvent.delta(jobId, seq, 1, text, null, Instant.now()), null, null);
    }

    void done(String jobId, long seq) {
        send(Topics.GENERATION_CHUNKS, jobId, ChunkEvent.done(jobId, seq, 1, "stop", new TokenUsage(0, 10, seq - 1, 0),
                Usd.of("0.0001"), "deepseek-chat", Instant.now()), null, null);
        producer.flush();
    }

    /** All tokens as events 1..n and {@code done} as n+1, at once. */
    void emitAll(String jobId, List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            delta(jobId, i + 1, tokens.get(i));
        }
        done(jobId, tokens.size() + 1);
    }

    /** The same, one token every {@code period}; completes after {@code done}. */
    CompletableFuture<Void> emitPaced(String jobId, List<String> tokens, Duration period) {
        return emitPaced(jobId, tokens, period, 1);
    }

    /** The same, {@code perTick} tokens every {@code period}; completes after {@code done}. */
    CompletableFuture<Void> emitPaced(String jobId, List<String> tokens, Duration period, int perTick) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        pace.scheduleWithFixedDelay(() -> {
            for (int n = 0; n < perTick; n++) {
                int i = next.getAndIncrement();
                if (i < tokens.size()) {
                    delta(jobId, i + 1, tokens.get(i));
                } else if (i == tokens.size()) {
                    done(jobId, tokens.size() + 1);
                    finished.complete(null);
                    throw new IllegalStateException("stop repeating");
                }
            }
        }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        return finished;
    }

    /** A chunk record on a given partition with a given timestamp. */
    void record(int partition, Instant timestamp, String key, ChunkEvent event) {
        byte[] value = Topics.GENERATION_CHUNKS.valueSerde().serializer().serialize(Topics.GENERATION_CHUNKS.name(), event);
        producer.send(new ProducerRecord<>(Topics.GENERATION_CHUNKS.name(), partition, timestamp.toEpochMilli(), key,
                value));
    }

    void flush() {
        producer.flush();
    }

    private <V> void send(Topic<String, V> topic, String key, V value, Integer partition, Long timestamp) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), partition, timestamp, key, bytes));
    }

    @Override
    public void close() {
        pace.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
