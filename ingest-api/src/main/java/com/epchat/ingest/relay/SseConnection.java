package com.epchat.ingest.relay;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client's SSE connection, written with Servlet non-blocking I/O: frames (ready-made bytes) go
 * into a bounded queue and are written only while the socket takes them ({@code isReady()}), so no
 * thread ever waits on a slow client (the relay's consumer itself writes) and an idle stream holds no
 * thread at all. A full queue ({@link FrameQueue}) is the caller's signal to cut the client. The
 * connection ends after its last frame, when the client leaves, or at server shutdown; {@link #onEnd}
 * then runs once, at once.
 */
final class SseConnection implements WriteListener, AsyncListener {

    /** Bytes handed to the container in one write. */
    private static final int WRITE_BATCH = 16 * 1024;

    private final FrameQueue frames = new FrameQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Held while the response is written or ended: by one thread at a time, as the Servlet API requires. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Executor writers;
    private final Runnable onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean finishing;
    private volatile boolean writable;
    private volatile Runnable onLowWater;
    private volatile int lowWater;
    private AsyncContext async;
    private ServletOutputStream out;
    private boolean unflushed;

    SseConnection(Executor writers, Runnable onEnd) {
        this.writers = writers;
        this.onEnd = onEnd;
    }

    /**
     * Starts the response: 200, {@code text/event-stream}, no async timeout (a stream may last an
     * hour; heartbeats keep proxies from cutting it). Frames queued before are written first.
     */
    void attach(HttpServletRequest request, HttpServletResponse response, String jobId) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Job-Id", jobId);
        AsyncContext context = request.startAsync(request, response);
        context.setTimeout(0);
        context.addListener(this);
        lock.lock();
        try {
            async = context;
            out = response.getOutputStream();
        } finally {
            lock.unlock();
        }
        // the container calls onWritePossible once this request thread has left the servlet
        out.setWriteListener(this);
    }

    /** False when the client is too far behind (or gone): the caller cuts it. */
    boolean offer(byte[] frame) {
        if (ended.get() || finishing) {
            return !ended.get();
        }
        if (!frames.fits(frame)) {
            return false;
        }
        frames.add(frame);
        signal();
        return true;
    }

    /** A comment line, only when nothing else waits: it exists to keep an idle stream open. */
    void heartbeat() {
        if (frames.isEmpty() && !finishing && !ended.get()) {
            frames.add(SseFrames.HEARTBEAT);
            signal();
        }
    }

    /** Writes {@code last} after what is queued, then ends the response. */
    void finish(byte[] last) {
        if (!ended.get() && !finishing) {
            frames.add(last);
            finishing = true;
            signal();
        }
    }

    /** Drops what is queued, writes {@code reason} as soon as the socket takes it, then ends. */
    void cut(byte[] reason) {
        lock.lock();
        try {
            if (!ended.get()) {
                frames.clear();
                frames.add(reason);
                finishing = true;
            }
        } finally {
            lock.unlock();
        }
        signal();
    }

    /** Ends now, whatever is queued (a stream never attached, or one stuck after a cut). */
    void abort() {
        lock.lock();
        try {
            if (async != null && !ended.get()) {
                try {
                    async.complete();
                } catch (IllegalStateException alreadyOver) {
                    // the container ended it first
                }
            }
            end();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code task} once, as soon as at most {@code frames} frames wait (now, if that is already so). */
    void whenBelow(int frames, Runnable task) {
        lowWater = frames;
        onLowWater = task;
        fireLowWater();
    }

    private void fireLowWater() {
        Runnable task = onLowWater;
        if (task != null && frames.size() <= lowWater && !ended.get()) {
            lock.lock();
            try {
                if (onLowWater != task) {
                    return;
                }
                onLowWater = null;
            } finally {
                lock.unlock();
            }
            task.run();
        }
    }

    int queued() {
        return frames.size();
    }

    boolean isEnded() {
        return ended.get();
    }

    /**
     * Writes what waits: at once on the calling thread (mostly the relay's consumer) when no other thread
     * is writing, else on a writer thread when that one is done. A non-blocking write never waits for the
     * client, so the caller pays a system call, and the chunk is spared a thread hand-off.
     */
    private void signal() {
        if (!writable) {
            return;
        }
        if (lock.tryLock()) {
            try {
                drainLocked();
            } finally {
                lock.unlock();
            }
        } else if (drainScheduled.compareAndSet(false, true)) {
            writers.execute(() -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        lock.lock();
        try {
            drainLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes while the socket takes bytes (when it stops, the container calls onWritePossible later):
     * what waits as one write, one flush, and as few readiness checks as the Servlet API allows.
     */
    private void drainLocked() {
        if (ended.get() || out == null) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] batch = frames.pollBatch(WRITE_BATCH);
                if (batch != null) {
                    out.write(batch);
                    unflushed = true;
                    fireLowWater();
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                    if (frames.isEmpty() && !finishing) {
                        // a frame added from now on schedules its own drain
                        return;
                    }
                } else {
                    if (finishing) {
                        async.complete();
                        end();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            // the client left (broken pipe, reset) or the container ended the request
            abort();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            frames.clear();
            onEnd.run();
        }
    }

    @Override
    public void onWritePossible() {
        writable = true;
        drain();
    }

    @Override
    public void onError(Throwable t) {
        abort();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // no timeout is set: only a container shutting down times streams out; the client reconnects
        abort();
    }

    @Override
    public void onError(AsyncEvent event) {
        abort();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
