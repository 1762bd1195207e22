package com.epchat.deepseek;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands the lines of a response body from the HTTP client's threads to the calling thread, which waits
 * for each with a timeout: the JDK client has no read timeout, so deadlines are enforced by these timed
 * waits rather than by a watchdog thread. {@link #abandon()} cancels the subscription, which makes the
 * JDK client close the connection (HTTP/1.1) instead of leaving a stalled socket open; it is safe before
 * the body has started (the subscription is then cancelled as soon as it arrives).
 */
final class LineStream implements Flow.Subscriber<String> {

    /** Lines requested ahead of the reader: enough to never starve it, bounded memory if it is slow. */
    private static final int WINDOW = 64;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private Flow.Subscription subscription;
    private boolean abandoned;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        synchronized (this) {
            subscription = s;
            cancel = abandoned;
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(String line) {
        queue.add(line);
    }

    @Override
    public void onError(Throwable failure) {
        queue.add(new Failure(failure));
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /**
     * The next line, or null at the end of the body.
     *
     * @throws TimeoutException when nothing arrived within {@code timeoutNanos}
     * @throws IOException when the transport failed (e.g. the server closed the connection abruptly)
     */
    String next(long timeoutNanos) throws IOException, InterruptedException, TimeoutException {
        Object item = queue.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        if (item == null) {
            throw new TimeoutException();
        }
        if (item == END) {
            queue.add(END);
            return null;
        }
        if (item instanceof Failure failure) {
            queue.add(failure);
            throw failure.asIo();
        }
        requestOne();
        return (String) item;
    }

    /** Stops reading: cancels the body so the connection is closed. Idempotent. */
    void abandon() {
        Flow.Subscription s;
        synchronized (this) {
            abandoned = true;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }

    private void requestOne() {
        Flow.Subscription s;
        synchronized (this) {
            s = abandoned ? null : subscription;
        }
        if (s != null) {
            s.request(1);
        }
    }

    private record Failure(Throwable cause) {
        IOException asIo() {
            return cause instanceof IOException io ? io : new IOException(cause);
        }
    }
}
