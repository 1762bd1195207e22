package com.epchat.ingest.relay;

import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads a job's past chunk events back from {@code ep.generation.chunks}: the partition its key
 * hashes to, from the job's start time (or the beginning), up to the partition's end at the time of
 * the call. This is how a reconnecting client gets what it missed, and how a gap is filled.
 */
@Component
class ChunkHistory {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final Map<String, Object> consumerProps;

    ChunkHistory(KafkaProperties kafka) {
        this.consumerProps = kafka.buildConsumerProperties();
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-history-" + UUID.randomUUID());
    }

    /** Events of {@code jobId} with {@code afterSeq < seq <= toSeq}, in order. */
    List<ChunkEvent> read(String jobId, long afterSeq, long toSeq, Instant since) {
        try (var consumer = new KafkaConsumer<>(consumerProps, Topics.GENERATION_CHUNKS.keySerde().deserializer(),
                Topics.GENERATION_CHUNKS.valueSerde().deserializer())) {
            int partitions = consumer.partitionsFor(Topics.GENERATION_CHUNKS.name()).size();
            int partition = Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
            TopicPartition tp = new TopicPartition(Topics.GENERATION_CHUNKS.name(), partition);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            seek(consumer, tp, since);
            List<ChunkEvent> events = new ArrayList<>();
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, ChunkEvent> r : consumer.poll(POLL)) {
                    ChunkEvent e = r.value();
                    if (jobId.equals(r.key()) && e != null && e.seq() > afterSeq && e.seq() <= toSeq) {
                        events.add(e);
                        if (e.seq() == toSeq || e.isTerminal()) {
                            return ordered(events);
                        }
                    }
                }
            }
            return ordered(events);
        }
    }

    private static void seek(KafkaConsumer<?, ?> consumer, TopicPartition tp, Instant since) {
        if (since == null) {
            consumer.seekToBeginning(List.of(tp));
            return;
        }
        OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(tp, since.minus(CLOCK_SKEW).toEpochMilli())).get(tp);
        if (start == null) {
            consumer.seekToEnd(List.of(tp));
        } else {
            consumer.seek(tp, start.offset());
        }
    }

    /** A retried produce can repeat an event: keep the first of each sequence number. */
    private static List<ChunkEvent> ordered(List<ChunkEvent> events) {
        List<ChunkEvent> out = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (ChunkEvent e : events.stream().sorted(java.util.Comparator.comparingLong(ChunkEvent::seq)).toList()) {
            if (e.seq() != last) {
                out.add(e);
                last = e.seq();
            }
        }
        return out;
    }
}
