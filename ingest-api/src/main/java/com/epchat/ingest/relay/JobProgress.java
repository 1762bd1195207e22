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
 * Updated by the relay's one consumer thread, once per chunk: no allocation after a job's first.
 */
final class JobProgress {

    private static final long IDLE_NANOS = Duration.ofHours(1).toNanos();

    /** Written by the consumer thread only; read by any. */
    private static final class Seen {
        volatile long seq;
        volatile long atNanos;
    }

    private final Map<String, Seen> jobs = new ConcurrentHashMap<>();

    void record(String jobId, ChunkEvent event) {
        if (event.isTerminal()) {
            jobs.remove(jobId);
            return;
        }
        Seen seen = jobs.get(jobId);
        if (seen == null) {
            seen = jobs.computeIfAbsent(jobId, id -> new Seen());
        }
        if (event.seq() > seen.seq) {
            seen.seq = event.seq();
        }
        seen.atNanos = System.nanoTime();
    }

    OptionalLong lastSeq(String jobId) {
        Seen seen = jobs.get(jobId);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen.seq);
    }

    void forgetIdle() {
        long now = System.nanoTime();
        jobs.values().removeIf(seen -> now - seen.atNanos > IDLE_NANOS);
    }
}
