package com.epchat.bench.cost;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FinanceRollup;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the three finance rollup topics as finance does ({@code read_committed}, latest per key),
 * from their ends at creation, and says when each counts {@code expected} provider calls in all.
 */
final class RollupWatcher implements AutoCloseable {

    private static final List<Topic<String, FinanceRollup>> ROLLUPS = List.of(Topics.FINANCE_USER_DAILY,
            Topics.FINANCE_SITE_HOURLY, Topics.FINANCE_MODEL_DAILY);

    private final long expected;
    private final Map<String, Map<String, Long>> calls = new HashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;

    private RollupWatcher(String bootstrap, long expected) {
        this.expected = expected;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = ROLLUPS.stream().flatMap(t -> consumer.partitionsFor(t.name()).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before the run writes anything
        ROLLUPS.forEach(t -> calls.put(t.name(), new HashMap<>()));
    }

    static RollupWatcher fromNow(String bootstrap, long expected) {
        return new RollupWatcher(bootstrap, expected);
    }

    /** Reads what has been committed since the last call; true once every rollup counts every call. */
    boolean complete() {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> calls.get(r.topic()).put(r.key(),
                Topics.FINANCE_SITE_HOURLY.valueSerde().deserializer().deserialize(r.topic(), r.value()).calls()));
        return calls.values().stream().allMatch(byKey -> byKey.values().stream().mapToLong(Long::longValue).sum()
                == expected);
    }

    /** Calls counted so far per rollup topic. */
    String progress() {
        StringBuilder out = new StringBuilder();
        calls.forEach((topic, byKey) -> out.append(topic).append('=')
                .append(byKey.values().stream().mapToLong(Long::longValue).sum()).append(' '));
        return out + "of " + expected;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
