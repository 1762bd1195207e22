package com.epchat.bench.budget;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * A steady open-loop load of generation requests and the decisions that come back. Request {@code i}
 * is due at {@code start + i/rate}; its latency runs from that due time (not from when the producer got
 * round to it, so a stalled producer cannot hide a stall) to when a read_committed consumer of
 * {@code ep.budget.decisions} receives its decision, as ingest-api's request-reply does. The due time
 * rides in a header, which the guard carries to the decision like the correlation id.
 */
final class DecisionLoad {

    static final String SENT = "bench-due-nanos";

    /** What one measured window gave. */
    record Measured(long sent, long decided, long inWindow, double decisionsPerSecond, List<Long> latencies,
            long missing) {
    }

    private final String bootstrap;
    private final int users;

    DecisionLoad(String bootstrap, int users) {
        this.bootstrap = bootstrap;
        this.users = users;
    }

    /** Warm-up then a measured window, at {@code rate} requests per second. */
    Measured run(int rate, Duration warmUp, Duration measured, Duration drain) throws InterruptedException {
        KafkaConsumer<String, BudgetDecision> consumer = decisionConsumer();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 200_000_000L;
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        long total = (warmUp.plus(measured).toNanos()) / period;
        Thread producer = new Thread(() -> produce(start, period, total), "bench-load");
        producer.start();
        List<Long> latencies = new ArrayList<>();
        long decided = 0;
        long receivedInWindow = 0;
        long drainUntil = windowEnd + drain.toNanos();
        while (System.nanoTime() < drainUntil && decided < total) {
            for (var record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                Header sent = record.headers().lastHeader(SENT);
                if (sent == null) {
                    continue;
                }
                long due = ByteBuffer.wrap(sent.value()).getLong();
                decided++;
                if (due >= windowStart && due < windowEnd) {
                    latencies.add(now - due);
                }
                if (now >= windowStart && now < windowEnd) {
                    receivedInWindow++;
                }
            }
        }
        producer.join();
        consumer.close();
        double perSecond = receivedInWindow / (measured.toNanos() / 1e9);
        return new Measured(total, decided, latencies.size(), perSecond, latencies, total - decided);
    }

    private void produce(long start, long period, long total) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<ChatMessage> prompt = List.of(ChatMessage.user("测试v3.1功能"));
        try (KafkaProducer<String, GenerationRequested> producer = new KafkaProducer<>(props,
                Topics.GENERATION_REQUESTS.keySerde().serializer(), Topics.GENERATION_REQUESTS.valueSerde().serializer())) {
            for (long i = 0; i < total; i++) {
                long due = start + i * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                String user = "bench-user-" + (i % users);
                var request = new GenerationRequested(UUID.randomUUID().toString(), user, "deepseek-v3.1", prompt, 100,
                        true, Lane.INTERACTIVE, null, Instant.now());
                var record = new ProducerRecord<>(Topics.GENERATION_REQUESTS.name(), user, request);
                record.headers().add(SENT, ByteBuffer.allocate(Long.BYTES).putLong(due).array());
                producer.send(record);
            }
        }
    }

    private KafkaConsumer<String, BudgetDecision> decisionConsumer() {
        KafkaConsumer<String, BudgetDecision> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer());
        List<TopicPartition> partitions = IntStream.range(0, Topics.BUDGET_DECISIONS.partitions())
                .mapToObj(p -> new TopicPartition(Topics.BUDGET_DECISIONS.name(), p)).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
