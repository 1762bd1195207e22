package com.epchat.ingest.relay;

import com.epchat.ingest.config.IngestProperties;
import com.epchat.topics.event.ChunkEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * The SSE relay: one Kafka consumer per instance on {@code ep.generation.chunks} (jobId →
 * ChunkEvent), in a group of its own, fanning events out to the streams clients hold, by job. Each
 * event becomes its SSE frame once, however many clients watch the job. Any instance can serve any
 * job: a stream starts from what Kafka holds. Also keeps each running job's latest sequence number,
 * for {@code GET /api/jobs/{id}}.
 */
@Component
public class ChunkRelay implements ConsumerSeekAware, DisposableBean {

    private final Map<String, Set<JobStream>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final JobProgress progress = new JobProgress();
    private final RelayRuntime runtime;
    private final Counter slowClients;

    ChunkRelay(ChunkHistory history, IngestProperties properties, MeterRegistry meters) {
        this.runtime = new RelayRuntime(history);
        runtime.every(properties.sseHeartbeat(), this::heartbeat);
        Gauge.builder("ep.chat.sse.active.streams", open, AtomicInteger::get)
                .description("SSE streams this instance is serving").register(meters);
        Gauge.builder("ep.chat.sse.catching.up.streams", this, ChunkRelay::catchingUp)
                .description("SSE streams reading a job's history from Kafka (replay, gap) rather than live")
                .register(meters);
        this.slowClients = Counter.builder("ep.chat.sse.cut").tag("reason", "slow_client")
                .description("SSE clients cut because they fell too far behind").register(meters);
    }

    /**
     * A stream of {@code jobId} after event {@code afterSeq}, registered at once: open it before the
     * job's request is published and no live event can pass it by. With {@code replay}, it first
     * reads what Kafka already holds from the job's request time {@code since}.
     */
    public JobStream open(String jobId, long afterSeq, Instant since, boolean replay) {
        JobStream stream = new JobStream(jobId, afterSeq, since, runtime, this::remove, s -> slowClients.increment());
        streams.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        open.incrementAndGet();
        if (replay) {
            stream.replay();
        }
        return stream;
    }

    public int activeStreams() {
        return open.get();
    }

    private double catchingUp() {
        return streams.values().stream().flatMap(Set::stream).filter(JobStream::isCatchingUp).count();
    }

    /** Streams open on one job. */
    int watching(String jobId) {
        Set<JobStream> set = streams.get(jobId);
        return set == null ? 0 : set.size();
    }

    /** The sequence number of the newest event of a running job this instance has relayed. */
    public OptionalLong lastSeq(String jobId) {
        return progress.lastSeq(jobId);
    }

    @KafkaListener(id = "chunk-relay", idIsGroup = false,
            topics = "#{T(com.epchat.topics.Topics).GENERATION_CHUNKS.name()}",
            containerFactory = "chunkListenerFactory")
    void onChunks(List<ConsumerRecord<String, ChunkEvent>> records) {
        for (ConsumerRecord<String, ChunkEvent> r : records) {
            ChunkEvent event = r.value();
            if (event == null || r.key() == null) {
                continue;
            }
            progress.record(r.key(), event);
            Set<JobStream> watching = streams.get(r.key());
            if (watching != null && !watching.isEmpty()) {
                byte[] frame = SseFrames.of(event);
                for (JobStream stream : watching) {
                    stream.offer(event, frame);
                }
            }
        }
    }

    /** After a (re)assignment the consumer may have skipped events: every open stream reads them back. */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        streams.values().forEach(set -> set.forEach(JobStream::resync));
    }

    private void heartbeat() {
        for (Collection<JobStream> set : streams.values()) {
            for (JobStream stream : set) {
                stream.heartbeat();
            }
        }
        progress.forgetIdle();
    }

    private void remove(JobStream stream) {
        streams.computeIfPresent(stream.jobId(), (id, set) -> {
            if (set.remove(stream)) {
                open.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    /** Ends every open stream (shutdown): the clients reconnect, with Last-Event-ID, elsewhere. */
    void endAll() {
        streams.values().forEach(set -> set.forEach(JobStream::cancel));
    }

    @Override
    public void destroy() {
        runtime.close();
    }
}
