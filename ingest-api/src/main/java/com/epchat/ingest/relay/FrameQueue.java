package com.epchat.ingest.relay;

import java.io.ByteArrayOutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frames one client has yet to take, counted in frames and bytes so that a lagging client is
 * noticed before it costs memory: at most {@link #MAX_FRAMES} frames or {@link #MAX_BYTES} bytes.
 * Many threads add, one (the connection's writer, under its lock) takes.
 */
final class FrameQueue {

    /** Frames a client may fall behind by before it is cut. */
    static final int MAX_FRAMES = 1_024;
    /** Bytes it may fall behind by (reasoning chunks can be long). */
    static final int MAX_BYTES = 1 << 20;

    private final Queue<byte[]> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger bytes = new AtomicInteger();

    /** Whether {@code frame} fits; a frame larger than the bound still fits an empty queue. */
    boolean fits(byte[] frame) {
        int n = count.get();
        return n == 0 || (n < MAX_FRAMES && bytes.get() + frame.length <= MAX_BYTES);
    }

    void add(byte[] frame) {
        count.incrementAndGet();
        bytes.addAndGet(frame.length);
        frames.add(frame);
    }

    byte[] poll() {
        byte[] frame = frames.poll();
        if (frame != null) {
            count.decrementAndGet();
            bytes.addAndGet(-frame.length);
        }
        return frame;
    }

    /**
     * The waiting frames as one write, up to about {@code maxBytes} (at least one frame); null when none
     * waits. One write and one readiness check per batch instead of per frame.
     */
    byte[] pollBatch(int maxBytes) {
        byte[] first = poll();
        if (first == null || frames.isEmpty()) {
            return first;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(Math.min(maxBytes, first.length * 4));
        batch.writeBytes(first);
        byte[] next;
        while (batch.size() < maxBytes && (next = poll()) != null) {
            batch.writeBytes(next);
        }
        return batch.toByteArray();
    }

    /** Drops every frame, counting each down, so that the counts stay right beside a concurrent add. */
    void clear() {
        byte[] frame = poll();
        while (frame != null) {
            frame = poll();
        }
    }

    int size() {
        return count.get();
    }

    boolean isEmpty() {
        return count.get() == 0;
    }
}
