package com.epchat.budget.ledger;

import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * One level's books inside one stream task: windowed spend per subject (a window store keyed by
 * subject, one entry per window start) and the open reservation of every job (a key-value store keyed
 * by jobId). Reserve, settle and release are exact: a job's usage moves its cost from reserved to
 * spent in the window the job reserved in, its last usage releases what it did not use, and usage
 * with no open reservation (after release, or later than the grace) still counts as spend in the
 * window open when it arrives. Used by the user stage (per user, daily) and the site stage (hourly).
 */
public final class Ledger {

    /** How often a stage sweeps its ledger's reservations ({@link #sweep}). */
    public static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    /** How many reservations one sweep looks at. */
    public static final int SWEEP_BATCH = 500;

    private final BudgetLevel level;
    private final Usd limit;
    private final Function<Instant, Window> windowOf;
    private final BudgetWindows windows;
    private final WindowStore<String, WindowSpend> spend;
    private final KeyValueStore<String, JobReservation> jobs;
    /** The key the next sweep starts at; null for the first key. */
    private String sweepFrom;

    public Ledger(BudgetLevel level, Usd limit, Function<Instant, Window> windowOf, BudgetWindows windows,
            WindowStore<String, WindowSpend> spend, KeyValueStore<String, JobReservation> jobs) {
        this.level = level;
        this.limit = limit;
        this.windowOf = windowOf;
        this.windows = windows;
        this.spend = spend;
        this.jobs = jobs;
    }

    public Usd limit() {
        return limit;
    }

    /** The window of an event at {@code eventTime}; an event older than the grace lands in today's. */
    public Window windowFor(long eventTime, long streamTime) {
        Window window = windowOf.apply(Instant.ofEpochMilli(eventTime));
        return windows.closed(window, streamTime) ? windowOf.apply(Instant.ofEpochMilli(streamTime)) : window;
    }

    public WindowSpend spend(String subject, Window window) {
        WindowSpend current = spend.fetch(subject, window.start().toEpochMilli());
        return current == null ? WindowSpend.EMPTY : current;
    }

    public Usd remaining(String subject, Window window) {
        return spend(subject, window).remaining(limit);
    }

    /** The job's open reservation at this level, or null. */
    public JobReservation reservation(String jobId) {
        return jobs.get(jobId);
    }

    /** What a check-and-reserve did: reserved or not, and what remains now. */
    public record Outcome(boolean reserved, Usd remaining) {
    }

    /**
     * Check-and-reserve, one read: reserves {@code amount} for the job in the window unless
     * {@code enforce} and it exceeds what remains ({@code enforce} is false only for a caller allowed
     * to skip the guard, whose spend still counts).
     */
    public Outcome reserve(String subject, Window window, String jobId, Usd amount, boolean enforce) {
        WindowSpend current = spend(subject, window);
        Usd remaining = current.remaining(limit);
        if (enforce && amount.isGreaterThan(remaining)) {
            return new Outcome(false, remaining);
        }
        put(subject, window, current.reserve(amount));
        jobs.put(jobId, new JobReservation(jobId, subject, window.start(), window.end(), amount, Usd.ZERO));
        return new Outcome(true, remaining.minus(amount));
    }

    /**
     * A usage event of {@code cost} for a job: settles into the job's window while that window is
     * open, otherwise counts as spend in the window of the event. {@code last} releases the rest.
     *
     * @return the window whose spend changed
     */
    public Window settle(String subject, String jobId, Usd cost, boolean last, long eventTime, long streamTime) {
        JobReservation job = jobs.get(jobId);
        if (job != null && !windows.closed(job.window(), streamTime)) {
            Usd held = job.held();
            Usd unreserve = last ? held : cost.min(held);
            put(subject, job.window(), spend(subject, job.window()).settle(cost, unreserve, last));
            if (last) {
                jobs.delete(jobId);
            } else {
                jobs.put(jobId, job.plusSpent(cost));
            }
            return job.window();
        }
        if (job != null) {
            // its window closed beyond grace: the reservation went with it; what it spends now is plain spend
            jobs.delete(jobId);
        }
        Window window = windowFor(eventTime, streamTime);
        put(subject, window, spend(subject, window).settle(cost, Usd.ZERO, false));
        return window;
    }

    /**
     * Releases the whole open reservation of a job that will not run (the site stage rejected it).
     *
     * @return the window whose reservation changed, or null when the job holds nothing here
     */
    public Window release(String jobId, long streamTime) {
        JobReservation job = jobs.get(jobId);
        if (job == null) {
            return null;
        }
        jobs.delete(jobId);
        if (windows.closed(job.window(), streamTime)) {
            return null;
        }
        put(job.subject(), job.window(), spend(job.subject(), job.window()).settle(Usd.ZERO, job.held(), true));
        return job.window();
    }

    /**
     * Forgets the reservations of windows closed beyond grace (their jobs' later usage is plain spend),
     * looking at no more than {@value #SWEEP_BATCH} reservations, from where the last sweep stopped: a stage
     * sweeps every {@link #SWEEP_EVERY} of stream time, and each sweep costs its stream thread a bounded time
     * however many jobs are open. (A full scan every 5 minutes held every decision for over a second at
     * 500,000 open reservations, bench/results/issue-3.md.)
     */
    public void sweep(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, JobReservation> batch = jobs.range(sweepFrom, null)) {
            for (int i = 0; i < SWEEP_BATCH && batch.hasNext(); i++) {
                KeyValue<String, JobReservation> entry = batch.next();
                if (windows.closed(entry.value.window(), streamTime)) {
                    expired.add(entry.key);
                }
            }
            sweepFrom = batch.hasNext() ? batch.peekNextKey() : null;
        }
        expired.forEach(jobs::delete);
    }

    /**
     * True when no later window of the subject exists: only the newest window is published, since the
     * state topic is compacted by subject and an update of yesterday must not hide today.
     */
    public boolean isNewest(String subject, Window window, long streamTime) {
        if (window.contains(streamTime)) {
            return true;
        }
        long from = window.start().toEpochMilli() + 1;
        if (from > streamTime) {
            return true;
        }
        try (WindowStoreIterator<WindowSpend> later = spend.fetch(subject, from, streamTime)) {
            return !later.hasNext();
        }
    }

    public BudgetState state(String subject, Window window, Instant now) {
        WindowSpend s = spend(subject, window);
        return new BudgetState(level, subject, window.start(), window.end(), limit, s.spent(), s.reserved(),
                s.remaining(limit), s.openReservations(), now);
    }

    private void put(String subject, Window window, WindowSpend value) {
        spend.put(subject, value, window.start().toEpochMilli());
    }
}
