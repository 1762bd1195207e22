package com.epchat.ingest.relay;

import com.epchat.topics.event.ChunkEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client's stream of one job: every event after the client's last one, exactly once and in
 * sequence order, whether it comes live from the relay or back from Kafka. While catching up
 * (a replay, a gap, a relay reassignment) the stream reads history a page at a time, paced by how
 * fast the client takes it, and ignores live events; it turns live again once history has been read
 * past the offset of every live event seen meanwhile. A client that falls too far behind
 * live events is cut with a reason ({@code slow_client}) and may resume with {@code Last-Event-ID}.
 */
public final class JobStream {

    /** History events read per page; less than the connection's bound, so a replay is never cut. */
    static final int PAGE = 256;

    private final String jobId;
    private final Instant since;
    private final RelayRuntime runtime;
    private final Consumer<JobStream> onCut;
    private final SseConnection connection;
    /** The partition offset of the newest live event seen, caught up or not. */
    private final AtomicLong newestLiveOffset = new AtomicLong(-1);
    private long lastQueued;
    private long nextOffset = -1;
    private boolean catchingUp;
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

    /** Reads what Kafka holds after the client's last event before anything live. */
    synchronized void replay() {
        startCatchUp();
    }

    /** A live event from the relay at {@code offset}, with its frame (built once for every client of the job). */
    void offer(ChunkEvent event, byte[] frame, long offset) {
        newestLiveOffset.accumulateAndGet(offset, Math::max);
        synchronized (this) {
            if (done || catchingUp || event.seq() <= lastQueued) {
                return;
            }
            if (event.seq() > lastQueued + 1) {
                startCatchUp();
                return;
            }
            queue(event, frame);
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
            } else if (nextOffset <= newestLiveOffset.get()) {
                // events went by live beyond where this read ended: read on from there
                runtime.history().execute(this::readPage);
            } else {
                catchingUp = false;
            }
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
