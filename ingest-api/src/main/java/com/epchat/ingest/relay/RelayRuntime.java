package com.epchat.ingest.relay;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The few threads every stream of an instance shares, however many streams there are: writers
 * (non-blocking socket writes, so a couple suffice), history readers (one per pooled Kafka consumer)
 * and a timer (heartbeats, the grace given to a cut client to read its reason).
 */
final class RelayRuntime implements AutoCloseable {

    /** How long a cut client has to take its {@code slow_client} event before the socket is closed. */
    static final Duration CUT_GRACE = Duration.ofSeconds(10);

    private final ExecutorService writers = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("sse-writer"));
    private final ExecutorService history = Executors.newFixedThreadPool(ChunkHistory.READERS, daemon("sse-history"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("sse-timer"));
    private final ChunkHistory reader;

    RelayRuntime(ChunkHistory reader) {
        this.reader = reader;
    }

    ExecutorService writers() {
        return writers;
    }

    ExecutorService history() {
        return history;
    }

    ChunkHistory reader() {
        return reader;
    }

    void every(Duration period, Runnable task) {
        timer.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void after(Duration delay, Runnable task) {
        timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        history.shutdownNow();
        writers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
