package com.epchat.ingest.batches;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchState;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a batch's results as JSON lines: a consumer of its own per download, assigned only the
 * batch's partition of {@code ep.batch.results} ({@code Topics.batchPartition}), read_committed, from
 * the beginning; only keys {@code <batchId>/...}, each once. Without {@code follow} it stops at the end
 * the partition had when it started; with it, it goes on until the batch is final and every ended item's
 * result was sent (or, once final, the partition's end is reached). Downloads at once are bounded.
 */
class BatchResultsStreamer {

    private static final Duration POLL = Duration.ofMillis(200);
    /** How long after its expiry a followed batch may still not be final before the download gives up. */
    private static final Duration FOLLOW_GRACE = Duration.ofHours(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong CLIENTS = new AtomicLong();

    private final Map<String, Object> consumerProps;
    private final BatchStateView view;
    private final Semaphore streams;
    private final Clock clock;

    BatchResultsStreamer(Map<String, Object> consumerProperties, BatchStateView view, int maxStreams, Clock clock) {
        this.consumerProps = new HashMap<>(consumerProperties);
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.view = view;
        this.streams = new Semaphore(maxStreams);
        this.clock = clock;
    }

    /** Takes a download slot; false when all are busy (the caller answers 503). */
    boolean tryAcquire() {
        return streams.tryAcquire();
    }

    void release() {
        streams.release();
    }

    /** Writes the batch's results to {@code out}; returns how many. An IOException is the client leaving. */
    int stream(String batchId, boolean follow, OutputStream out) throws IOException {
        TopicPartition tp = new TopicPartition(Topics.BATCH_RESULTS.name(), Topics.batchPartition(batchId));
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-batch-results-" + CLIENTS.incrementAndGet());
        try (var c = new KafkaConsumer<>(props, Topics.BATCH_RESULTS.keySerde().deserializer(),
                Topics.BATCH_RESULTS.valueSerde().deserializer())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            String prefix = batchId + "/";
            Set<String> sent = new HashSet<>();
            Long finalEnd = null;
            while (true) {
                if (!follow && c.position(tp) >= end) {
                    break;
                }
                if (follow) {
                    BatchState state = view.find(batchId).orElse(null);
                    if (state != null && state.status().isFinal()) {
                        if (state.counts() != null && sent.size() >= state.counts().finished()) {
                            break;
                        }
                        if (finalEnd == null) {
                            // the final state is committed with (or after) the last results: they are below this end
                            finalEnd = c.endOffsets(List.of(tp)).get(tp);
                        }
                        if (c.position(tp) >= finalEnd) {
                            break;
                        }
                    } else if (gaveUp(state)) {
                        break;
                    }
                }
                boolean wrote = false;
                for (ConsumerRecord<String, BatchResult> r : c.poll(POLL)) {
                    if (r.key() != null && r.key().startsWith(prefix) && r.value() != null && sent.add(r.key())) {
                        out.write(JSON.writeValueAsBytes(BatchResultLine.of(r.value())));
                        out.write('\n');
                        wrote = true;
                    }
                }
                if (wrote) {
                    out.flush();
                }
            }
            out.flush();
            return sent.size();
        }
    }

    private boolean gaveUp(BatchState state) {
        Instant expiresAt = state == null || state.spec() == null ? null : state.spec().expiresAt();
        return expiresAt == null || clock.instant().isAfter(expiresAt.plus(FOLLOW_GRACE));
    }
}
