package com.epchat.worker.recovery;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads what a job already produced, so that a worker taking it over continues instead of starting
 * again: its chunk events from {@code ep.generation.chunks} (the partition of its jobId) and its
 * usage events from {@code ep.usage} (the partition of its userId), both from the job's request time.
 */
public final class JobHistory {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final Map<String, Object> consumerProps;

    public JobHistory(Map<String, Object> consumerProps) {
        this.consumerProps = new java.util.HashMap<>(consumerProps);
        this.consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "worker-history-" + UUID.randomUUID());
    }

    public JobProgress read(GenerationRequested request) {
        List<ChunkEvent> chunks = read(Topics.GENERATION_CHUNKS, request.jobId(), request);
        List<UsageEvent> usage = read(Topics.USAGE, request.userId(), request).stream()
                .filter(u -> request.jobId().equals(u.jobId()))
                .toList();
        return JobProgress.of(chunks.stream().filter(c -> request.jobId().equals(c.jobId())).toList(), usage);
    }

    private <V> List<V> read(Topic<String, V> topic, String key, GenerationRequested request) {
        try (var consumer = new KafkaConsumer<>(consumerProps, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            int partitions = consumer.partitionsFor(topic.name()).size();
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
            TopicPartition tp = new TopicPartition(topic.name(), partition);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(tp,
                    request.requestedAt().minus(CLOCK_SKEW).toEpochMilli())).get(tp);
            if (start == null) {
                return List.of();
            }
            consumer.seek(tp, start.offset());
            List<V> values = new ArrayList<>();
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, V> r : consumer.poll(POLL)) {
                    if (key.equals(r.key()) && r.value() != null) {
                        values.add(r.value());
                    }
                }
            }
            return values;
        }
    }
}
