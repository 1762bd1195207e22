package com.epchat.ingest.kafka;

import java.time.Duration;

/**
 * Read-your-writes for a view fed by one consumer thread: a reader takes a ticket and waits; the
 * consumer, seeing tickets, reads up to the end offsets taken after them and then releases every
 * ticket it saw. A write acknowledged before a ticket was taken is then in the view. Served by
 * {@link CompactedTopicFollower}; used by the job status view and the batch state view.
 */
public final class ReadBarrier {

    private long requested;
    private long done;
    private boolean open = true;

    /** Waits, at most {@code wait}, until the view has read everything written before this call. */
    public synchronized void await(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long ticket = ++requested;
        while (done < ticket && open) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The newest ticket taken, for the consumer to catch up for; 0 when none waits. */
    public synchronized long pending() {
        return requested > done ? requested : 0;
    }

    /** The consumer read up to the ends taken after {@code ticket} was. */
    public synchronized void release(long ticket) {
        done = Math.max(done, ticket);
        notifyAll();
    }

    /** The view stopped: nobody waits any longer. */
    public synchronized void close() {
        open = false;
        notifyAll();
    }

    public synchronized void reopen() {
        open = true;
    }
}
