package com.epchat.ingest.relay;

import com.epchat.topics.event.ChunkEvent;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest sequence number of each running job, from the chunks the relay reads anyway: the
 * status topic is written only when a job starts and ends, so this is where progress shows. A job
 * is forgotten at its last event, or when it has been silent for an hour (its worker died).
 */
final class JobProgress {

    private static final long IDLE_NANOS = Duration.ofHours(1).toNanos();

    private record Seen(long seq, long atNanos) {
    }

    private final Map<String, Seen> jobs = new ConcurrentHashMap<>();

    void record(String jobId, ChunkEvent event) {
        if (event.isTerminal()) {
            jobs.remove(jobId);
        } else {
            jobs.merge(jobId, new Seen(event.seq(), System.nanoTime()),
                    (old, now) -> now.seq() >= old.seq() ? now : old);
        }
    }

    OptionalLong lastSeq(String jobId) {
        Seen seen = jobs.get(jobId);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen.seq());
    }

    void forgetIdle() {
        long now = System.nanoTime();
        jobs.values().removeIf(seen -> now - seen.atNanos() > IDLE_NANOS);
    }
}
