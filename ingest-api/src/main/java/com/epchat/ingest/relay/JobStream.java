package com.epchat.ingest.relay;

import com.epchat.topics.event.ChunkEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's SSE stream of one job. Live events arrive through {@link #offer} into a bounded inbox
 * and are written by a shared executor, so a slow client never blocks the relay's consumer: when its
 * inbox is full it is cut with a reason and may resume with {@code Last-Event-ID}. Events are written
 * strictly in sequence: duplicates are dropped, and a gap is filled from {@link ChunkHistory}.
 */
final class JobStream {

    static final int INBOX_CAPACITY = 1_024;

    private final String jobId;
    private final SseEmitter emitter;
    private final ChunkHistory history;
    private final Executor writer;
    private final Instant since;
    private final Consumer<JobStream> onClose;
    private final BlockingQueue<ChunkEvent> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long lastSent;

    JobStream(String jobId, long afterSeq, Instant since, ChunkHistory history, Executor writer,
            Consumer<JobStream> onClose) {
        this.jobId = jobId;
        this.lastSent = afterSeq;
        this.since = since;
        this.history = history;
        this.writer = writer;
        this.onClose = onClose;
        // no server-side timeout: a live stream may last an hour; heartbeats keep proxies from cutting it
        this.emitter = new SseEmitter(0L);
        emitter.onCompletion(this::release);
        emitter.onTimeout(this::release);
        emitter.onError(e -> release());
    }

    String jobId() {
        return jobId;
    }

    SseEmitter emitter() {
        return emitter;
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Starts the stream with a {@code retry:} hint; with {@code replay}, sends what Kafka already holds
     * after the client's last event before what arrives live.
     */
    void start(boolean replay) {
        writer.execute(() -> {
            synchronized (this) {
                try {
                    emitter.send(SseEmitter.event().reconnectTime(SsePayloads.RETRY_MILLIS).comment("job " + jobId));
                    List<ChunkEvent> past = replay ? history.read(jobId, lastSent, Long.MAX_VALUE, since) : List.of();
                    for (ChunkEvent e : past) {
                        deliver(e);
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }
            drain();
        });
    }

    /** A live event from the relay; never blocks. */
    void offer(ChunkEvent event) {
        if (closed.get()) {
            return;
        }
        if (!inbox.offer(event)) {
            cut("slow_client", "the client reads more slowly than the job writes; reconnect with Last-Event-ID");
            return;
        }
        if (draining.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    void heartbeat() {
        writer.execute(() -> {
            synchronized (this) {
                try {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }
        });
    }

    private void drain() {
        draining.set(true);
        try {
            synchronized (this) {
                ChunkEvent e;
                while (!closed.get() && (e = inbox.poll()) != null) {
                    deliver(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            draining.set(false);
        }
        if (!inbox.isEmpty() && !closed.get() && draining.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    private void deliver(ChunkEvent e) throws IOException {
        if (closed.get() || e.seq() <= lastSent) {
            return;
        }
        if (e.seq() > lastSent + 1) {
            List<ChunkEvent> gap = history.read(jobId, lastSent, e.seq() - 1, since);
            for (ChunkEvent missing : gap) {
                send(missing);
            }
        }
        send(e);
    }

    private void send(ChunkEvent e) throws IOException {
        if (closed.get() || e.seq() <= lastSent) {
            return;
        }
        emitter.send(SsePayloads.toSse(e));
        lastSent = e.seq();
        if (e.isTerminal()) {
            close();
            emitter.complete();
        }
    }

    private void cut(String code, String message) {
        writer.execute(() -> {
            synchronized (this) {
                try {
                    emitter.send(SseEmitter.event().name("error")
                            .data(new SsePayloads.Error(jobId, code, message, null, null)));
                    emitter.complete();
                } catch (IOException | RuntimeException e) {
                    emitter.completeWithError(e);
                }
            }
        });
        close();
    }

    private void fail(Exception e) {
        close();
        emitter.completeWithError(e);
    }

    private void release() {
        close();
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            inbox.clear();
            onClose.accept(this);
        }
    }
}
