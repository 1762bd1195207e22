package com.epchat.bench.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Many streams held open with nothing to say but their heartbeats (ingest-api) or keep-alives (the
 * simulator before its first token): opened in batches, then watched until every one of them has
 * received a heartbeat, which proves it is still open and served.
 */
final class IdleStreams implements AutoCloseable {

    private final List<SseLines> streams = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger beating = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    /**
     * Opens one stream per opener (a request sent with a listener); {@code opening} recognises a stream's
     * first line, {@code heartbeat} the lines that keep it alive.
     */
    static IdleStreams open(List<Function<SseLines.Listener, SseLines>> requests, Predicate<String> opening,
            Predicate<String> heartbeat) throws Exception {
        IdleStreams idle = new IdleStreams();
        int batch = 500;
        for (int from = 0; from < requests.size(); from += batch) {
            List<SseLines> opening500 = new ArrayList<>();
            for (Function<SseLines.Listener, SseLines> request : requests.subList(from,
                    Math.min(requests.size(), from + batch))) {
                boolean[] seenOpening = new boolean[1];
                boolean[] seenBeat = new boolean[1];
                opening500.add(request.apply(new SseLines.Listener() {
                    @Override
                    public synchronized void onLine(String line, long nanos) {
                        if (!seenOpening[0] && opening.test(line)) {
                            seenOpening[0] = true;
                            idle.opened.incrementAndGet();
                        } else if (!seenBeat[0] && heartbeat.test(line)) {
                            seenBeat[0] = true;
                            idle.beating.incrementAndGet();
                        }
                    }

                    @Override
                    public void onEnd(Throwable error) {
                        idle.ended.incrementAndGet();
                    }
                }));
            }
            for (SseLines s : opening500) {
                if (s.status().get(120, TimeUnit.SECONDS) != 200) {
                    throw new IllegalStateException("a stream was refused");
                }
            }
            idle.streams.addAll(opening500);
            idle.awaitOpened(Math.min(requests.size(), from + batch), Duration.ofSeconds(120));
        }
        return idle;
    }

    private void awaitOpened(int count, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (opened.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (opened.get() < count) {
            throw new IllegalStateException(opened.get() + " of " + count + " streams opened in " + bound);
        }
    }

    /** Waits (bounded) until every stream has had a heartbeat; returns how many have. */
    int awaitHeartbeats(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (beating.get() < streams.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return beating.get();
    }

    int size() {
        return streams.size();
    }

    int ended() {
        return ended.get();
    }

    @Override
    public void close() {
        streams.forEach(SseLines::close);
    }
}
