package com.epchat.ingest.relay;

import com.epchat.topics.event.ChunkEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client's stream of one job: every event after the client's last one, exactly once and in
 * sequence order, whether it comes live from the relay or back from Kafka. While catching up
 * (a replay, a gap, a relay reassignment) the stream reads history a page at a time, paced by how
 * fast the client takes it, and holds the live events that arrive meanwhile; once a page reaches the
 * partition's end it sends the held ones after it and turns live. Nothing falls between the two:
 * the stream was registered with the relay before history's end was read, so every event past that
 * end reaches it live. A client that falls too far behind live events is cut with a reason
 * ({@code slow_client}) and may resume with {@code Last-Event-ID}.
 */
public final class JobStream {

    /** History events read per page; less than the connection's bound, so a replay is never cut. */
    static final int PAGE = 256;

    private final String jobId;
    private final Instant since;
    private final RelayRuntime runtime;
    private final Consumer<JobStream> onCut;
    private final SseConnection connection;
    /** Live events that arrived while catching up, sent after history (bounded: beyond it, re-read). */
    private final List<Held> held = new ArrayList<>();
    private boolean heldOverflow;
    private long lastQueued;
    private long nextOffset = -1;
    private volatile boolean catchingUp;
    private boolean done;

    /** {@code onEnd} runs once when the connection ends, {@code onCut} when the client is cut for lagging. */
    JobStream(String jobId, long afterSeq, Instant since, RelayRuntime runtime, Consumer<JobStream> onEnd,
            Consumer<JobStream> onCut) {
        this.jobId = jobId;
        this.lastQueued = afterSeq;
        this.since = since;
        this.runtime = runtime;
        this.onCut = onCut;
        this.connection = new SseConnection(runtime.writers(), () -> onEnd.accept(this));
        connection.offer(SseFrames.opening(jobId));
    }

    /** Answers the HTTP request with this stream (200, text/event-stream); what is queued goes first. */
    public void attach(HttpServletRequest request, HttpServletResponse response) throws IOException {
        connection.attach(request, response, jobId);
    }

    /** Drops a stream that will not be answered (the job was rejected, or did not start). */
    public void cancel() {
        connection.abort();
    }

    String jobId() {
        return jobId;
    }

    boolean isEnded() {
        return connection.isEnded();
    }

    /** Reading history (a replay, a gap) rather than relaying live events. */
    boolean isCatchingUp() {
        return catchingUp && !connection.isEnded();
    }

    /** Reads what Kafka holds after the client's last event before anything live. */
    synchronized void replay() {
        startCatchUp();
    }

    private record Held(ChunkEvent event, byte[] frame) {
    }

    /** A live event from the relay, with its frame (built once for every client of the job). */
    synchronized void offer(ChunkEvent event, byte[] frame) {
        if (done || event.seq() <= lastQueued) {
            return;
        }
        if (catchingUp) {
            hold(event, frame);
        } else if (event.seq() > lastQueued + 1) {
            // a gap: what is missing is in the partition; this event waits for it
            startCatchUp();
            hold(event, frame);
        } else {
            queue(event, frame);
        }
    }

    private void hold(ChunkEvent event, byte[] frame) {
        if (held.size() < FrameQueue.MAX_FRAMES) {
            held.add(new Held(event, frame));
        } else {
            heldOverflow = true;
        }
    }

    /** The relay's consumer was (re)assigned and may have skipped events: read them from history. */
    synchronized void resync() {
        if (!done && !catchingUp) {
            startCatchUp();
        }
    }

    void heartbeat() {
        connection.heartbeat();
    }

    private void startCatchUp() {
        catchingUp = true;
        runtime.history().execute(this::readPage);
    }

    /** On a history thread: one page, then the next when the client has taken most of it. */
    private void readPage() {
        long after;
        long from;
        synchronized (this) {
            if (done || connection.isEnded()) {
                return;
            }
            after = lastQueued;
            from = nextOffset;
        }
        ChunkHistory.Page page;
        try {
            page = runtime.reader().read(jobId, after, from, since, PAGE);
        } catch (RuntimeException e) {
            cut("history_unavailable", "the job's history could not be read; reconnect with Last-Event-ID");
            return;
        }
        synchronized (this) {
            for (ChunkEvent e : page.events()) {
                // the partition is the authority on order: take what it holds, even past a hole
                if (!done && e.seq() > lastQueued) {
                    queue(e, SseFrames.of(e));
                }
            }
            nextOffset = page.nextOffset();
            if (done || connection.isEnded()) {
                return;
            }
            if (!page.atEnd()) {
                // the next page once the client has taken most of this one
                connection.whenBelow(PAGE / 2, () -> runtime.history().execute(this::readPage));
            } else if (heldOverflow) {
                // more went by live than could be held: read it from the partition instead
                heldOverflow = false;
                held.clear();
                runtime.history().execute(this::readPage);
            } else {
                catchingUp = false;
                releaseHeld();
            }
        }
    }

    /** Holds the lock. The held live events, in order, after history; a hole in them means catching up again. */
    private void releaseHeld() {
        List<Held> waiting = new ArrayList<>(held);
        held.clear();
        waiting.sort(Comparator.comparingLong(h -> h.event().seq()));
        for (int i = 0; i < waiting.size() && !done; i++) {
            Held h = waiting.get(i);
            if (h.event().seq() <= lastQueued) {
                continue;
            }
            if (h.event().seq() > lastQueued + 1) {
                startCatchUp();
                waiting.subList(i, waiting.size()).forEach(rest -> hold(rest.event(), rest.frame()));
                return;
            }
            queue(h.event(), h.frame());
        }
    }

    /** Holds the lock. */
    private void queue(ChunkEvent event, byte[] frame) {
        lastQueued = event.seq();
        if (event.isTerminal()) {
            done = true;
            connection.finish(frame);
        } else if (!connection.offer(frame)) {
            cut("slow_client", "the client reads more slowly than the job writes; reconnect with Last-Event-ID");
        }
    }

    /** Ends the stream with a reason; a client that does not even take that is closed after a grace. */
    private void cut(String code, String message) {
        synchronized (this) {
            done = true;
        }
        connection.cut(SseFrames.cut(jobId, code, message));
        runtime.after(RelayRuntime.CUT_GRACE, connection::abort);
        onCut.accept(this);
    }
}
