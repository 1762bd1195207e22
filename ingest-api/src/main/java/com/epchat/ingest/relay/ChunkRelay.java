package com.epchat.ingest.relay;

import com.epchat.ingest.config.IngestProperties;
import com.epchat.topics.event.ChunkEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The SSE relay: one Kafka consumer per instance on {@code ep.generation.chunks} (jobId →
 * ChunkEvent), in a group of its own, fanning events out to the in-memory streams of the jobs
 * clients are watching. Any instance can serve any job: a stream starts from what Kafka holds.
 */
@Component
public class ChunkRelay implements DisposableBean {

    private final Map<String, Set<JobStream>> streams = new ConcurrentHashMap<>();
    private final ChunkHistory history;
    private final ExecutorService writers = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "sse-writer");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    ChunkRelay(ChunkHistory history, IngestProperties properties) {
        this.history = history;
        long period = properties.sseHeartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of {@code jobId} from after {@code afterSeq}. Open it before the job's request is
     * published and no live event can be missed; {@code replay} reads what Kafka already holds first.
     */
    public SseEmitter open(String jobId, long afterSeq, Instant since, boolean replay) {
        JobStream stream = new JobStream(jobId, afterSeq, since, history, writers, this::remove);
        streams.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        stream.start(replay);
        return stream.emitter();
    }

    public int activeStreams() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    @KafkaListener(id = "chunk-relay", idIsGroup = false,
            topics = "#{T(com.epchat.topics.Topics).GENERATION_CHUNKS.name()}",
            containerFactory = "chunkListenerFactory")
    void onChunks(List<ConsumerRecord<String, ChunkEvent>> records) {
        for (ConsumerRecord<String, ChunkEvent> r : records) {
            Set<JobStream> watching = streams.get(r.key());
            if (watching != null && r.value() != null) {
                watching.forEach(s -> s.offer(r.value()));
            }
        }
    }

    private void heartbeat() {
        streams.values().forEach(set -> set.forEach(JobStream::heartbeat));
    }

    private void remove(JobStream stream) {
        streams.computeIfPresent(stream.jobId(), (id, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        writers.shutdownNow();
    }
}
