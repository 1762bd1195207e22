package com.epchat.cost.reconcile;

import com.epchat.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic, from its beginning to the end it has now, without a consumer group (nothing is
 * committed, no running service is disturbed), {@code read_committed}, so aborted transactional
 * writes are never counted. Records that cannot be read are counted apart, not dropped silently.
 */
final class TopicSnapshot {

    private TopicSnapshot() {
    }

    record Records<V>(List<ConsumerRecord<String, V>> records, long unreadable) {
    }

    static <V> Records<V> read(String bootstrapServers, Topic<String, V> topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "ep-cost-reconcile");
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        long unreadable = 0;
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plusSeconds(120);
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        V value = r.value() == null ? null
                                : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
                        out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value));
                    } catch (RuntimeException e) {
                        unreadable++;
                    }
                }
            }
        }
        return new Records<>(out, unreadable);
    }
}
