package com.epchat.ingest.relay;

import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads a job's past chunk events back from {@code ep.generation.chunks} (jobId → ChunkEvent), a page
 * at a time: the partition the job's key hashes to, from the job's request time (never the
 * partition's beginning) or from where the previous page stopped, up to the partition's end at the
 * time of the call. This is how a reconnecting client gets what it missed and how a gap is filled.
 * A few consumers are kept and reused (assign and seek), so opening thousands of streams does not
 * open thousands of Kafka connections.
 */
@Component
class ChunkHistory implements DisposableBean {

    /** How many history reads may run at once; each holds one consumer. */
    static final int READERS = 4;

    private static final Duration POLL = Duration.ofMillis(200);
    /** Worker and broker clocks may differ: start a little before the job's request time. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Events of one job read from one point of its partition; {@code nextOffset} continues after them. */
    record Page(List<ChunkEvent> events, long nextOffset, boolean atEnd) {
    }

    private final Map<String, Object> consumerProps;
    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle = new ArrayBlockingQueue<>(READERS);
    private final Deserializer<ChunkEvent> eventReader = Topics.GENERATION_CHUNKS.valueSerde().deserializer();
    private final Counter scanned;
    private final Timer reads;
    private volatile int partitions;

    ChunkHistory(KafkaProperties kafka, MeterRegistry meters) {
        this.consumerProps = kafka.buildConsumerProperties();
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        // a pooled consumer's last fetch (at the partition's end) would otherwise be held by the broker
        // for 500 ms, and the next read of another partition waits behind it
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-history-" + UUID.randomUUID().toString().substring(0, 8));
        this.scanned = Counter.builder("ep.chat.relay.history.records.scanned")
                .description("chunk records read back from Kafka to replay or fill streams (all jobs of a partition)")
                .register(meters);
        this.reads = Timer.builder("ep.chat.relay.history.reads")
                .description("reads of a page of a job's history from Kafka").register(meters);
    }

    /**
     * Up to {@code max} events of {@code jobId} with {@code seq > afterSeq}, in partition order, from
     * {@code fromOffset} (or, when negative, from {@code since}, or the partition's start when that is null).
     * The page ends early at the job's terminal event.
     */
    Page read(String jobId, long afterSeq, long fromOffset, Instant since, int max) {
        return reads.record(() -> readPage(jobId, afterSeq, fromOffset, since, max));
    }

    private Page readPage(String jobId, long afterSeq, long fromOffset, Instant since, int max) {
        KafkaConsumer<String, byte[]> consumer = borrow();
        boolean healthy = false;
        try {
            TopicPartition tp = new TopicPartition(Topics.GENERATION_CHUNKS.name(), partitionOf(consumer, jobId));
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long position = fromOffset >= 0 ? fromOffset : startOffset(consumer, tp, since, end);
            consumer.seek(tp, position);
            List<ChunkEvent> events = new ArrayList<>();
            long next = position;
            boolean terminal = false;
            long read = 0;
            while (next < end && events.size() < max && !terminal) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL).records(tp)) {
                    read++;
                    next = r.offset() + 1;
                    // the partition holds every job's chunks: only this job's are parsed
                    ChunkEvent e = jobId.equals(r.key()) && r.value() != null ? eventReader.deserialize(r.topic(), r.value())
                            : null;
                    if (e != null && e.seq() > afterSeq) {
                        events.add(e);
                        terminal = e.isTerminal();
                        if (terminal || events.size() >= max) {
                            break;
                        }
                    }
                }
            }
            scanned.increment(read);
            healthy = true;
            return new Page(events, next, terminal || next >= end);
        } finally {
            giveBack(consumer, healthy);
        }
    }

    private long startOffset(KafkaConsumer<?, ?> consumer, TopicPartition tp, Instant since, long end) {
        if (since == null) {
            return consumer.beginningOffsets(List.of(tp)).get(tp);
        }
        OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(tp, since.minus(CLOCK_SKEW).toEpochMilli())).get(tp);
        return start == null ? end : start.offset();
    }

    /** As the producer's default partitioner places a keyed record. */
    private int partitionOf(KafkaConsumer<?, ?> consumer, String jobId) {
        if (partitions == 0) {
            partitions = consumer.partitionsFor(Topics.GENERATION_CHUNKS.name()).size();
        }
        return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private KafkaConsumer<String, byte[]> borrow() {
        KafkaConsumer<String, byte[]> consumer = idle.poll();
        if (consumer != null) {
            return consumer;
        }
        return new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A consumer that failed is closed, not reused; beyond {@link #READERS} idle ones, too. */
    private void giveBack(KafkaConsumer<String, byte[]> consumer, boolean healthy) {
        if (!healthy || !idle.offer(consumer)) {
            consumer.close(Duration.ZERO);
        }
    }

    @Override
    public void destroy() {
        KafkaConsumer<String, byte[]> consumer;
        while ((consumer = idle.poll()) != null) {
            consumer.close(Duration.ZERO);
        }
    }
}
