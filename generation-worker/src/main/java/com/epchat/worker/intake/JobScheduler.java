package com.epchat.worker.intake;

import com.epchat.worker.generation.GenerationJob;
import com.epchat.worker.generation.GenerationJob.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs side by side, at most {@code RL_MAX_ACTIVE_STREAMS} provider streams at once and at most
 * {@code RL_MAX_CONCURRENCY_PER_USER} per user: a user's further jobs wait in that user's queue, so
 * they never hold up other users' jobs. A user's decisions all live on one partition, so one worker
 * owns all of a user's running jobs and the per-user limit holds across instances. When it is full
 * the intake stops fetching (it never drops a job); a job's decision is acknowledged only when the
 * job ended (the intake's offset tracker commits in offset order).
 */
public final class JobScheduler {

    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

    /** A job with where its decision came from and how to acknowledge it. */
    public record Entry(TopicPartition partition, GenerationJob job, Runnable acknowledge) {
    }

    private final int maxActive;
    private final int maxPerUser;
    private final ExecutorService pool;
    private final Runnable onCapacity;
    private final Deque<Entry> ready = new ArrayDeque<>();
    private final Map<String, Deque<Entry>> waitingForUser = new HashMap<>();
    private final Map<String, Integer> runningPerUser = new HashMap<>();
    private final Map<Entry, CountDownLatch> running = new HashMap<>();
    private int userQueued;

    public JobScheduler(int maxActive, int maxPerUser, ExecutorService pool, Runnable onCapacity) {
        this.maxActive = maxActive;
        this.maxPerUser = maxPerUser;
        this.pool = pool;
        this.onCapacity = onCapacity;
    }

    public synchronized void submit(Entry entry) {
        String user = entry.job().userId();
        if (runningPerUser.getOrDefault(user, 0) >= maxPerUser) {
            waitingForUser.computeIfAbsent(user, u -> new ArrayDeque<>()).add(entry);
            userQueued++;
        } else {
            ready.add(entry);
        }
        dispatch();
    }

    /** True when the intake should stop fetching: every stream slot is taken or promised. */
    public synchronized boolean saturated() {
        return running.size() + ready.size() >= maxActive || userQueued >= maxActive * 10;
    }

    public synchronized int active() {
        return running.size();
    }

    /** Cancels a running or queued job of this worker; false when it has no such job. */
    public synchronized boolean cancel(String jobId) {
        for (Entry e : running.keySet()) {
            if (e.job().jobId().equals(jobId)) {
                e.job().cancel();
                return true;
            }
        }
        List<Entry> queued = new ArrayList<>(ready);
        waitingForUser.values().forEach(queued::addAll);
        for (Entry e : queued) {
            if (e.job().jobId().equals(jobId)) {
                // it starts next, ahead of the user's limit, sees the cancellation, bills nothing and ends
                e.job().cancel();
                ready.remove(e);
                waitingForUser.values().forEach(q -> userQueued -= q.remove(e) ? 1 : 0);
                ready.addFirst(e);
                dispatch();
                return true;
            }
        }
        return false;
    }

    /**
     * The partitions moved to another worker: drop their queued jobs (unacknowledged, the new owner gets
     * them) and stop their running ones, waiting a bounded time for each to bill what it streamed.
     */
    public void handOver(Collection<TopicPartition> partitions, Duration timeout) {
        Set<TopicPartition> moved = new HashSet<>(partitions);
        List<CountDownLatch> stopping = new ArrayList<>();
        synchronized (this) {
            ready.removeIf(e -> moved.contains(e.partition()));
            waitingForUser.values().forEach(q -> userQueued -= removeCount(q, moved));
            running.forEach((e, latch) -> {
                if (moved.contains(e.partition())) {
                    e.job().handOver();
                    stopping.add(latch);
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CountDownLatch latch : stopping) {
            try {
                if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("a job did not stop within {} while handing its partition over", timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int removeCount(Deque<Entry> queue, Set<TopicPartition> moved) {
        int before = queue.size();
        queue.removeIf(e -> moved.contains(e.partition()));
        return before - queue.size();
    }

    private void dispatch() {
        while (running.size() < maxActive && !ready.isEmpty()) {
            Entry next = ready.poll();
            String user = next.job().userId();
            if (runningPerUser.getOrDefault(user, 0) >= maxPerUser && !next.job().isCancelled()) {
                waitingForUser.computeIfAbsent(user, u -> new ArrayDeque<>()).add(next);
                userQueued++;
                continue;
            }
            runningPerUser.merge(user, 1, Integer::sum);
            CountDownLatch done = new CountDownLatch(1);
            running.put(next, done);
            pool.execute(() -> runJob(next, done));
        }
    }

    private void runJob(Entry entry, CountDownLatch done) {
        Outcome outcome = Outcome.HANDED_OVER;
        try {
            outcome = entry.job().run();
        } catch (RuntimeException e) {
            // left unacknowledged: the decision is taken again and the job continues from Kafka
            log.error("job {} stopped on an unexpected error", entry.job().jobId(), e);
        } finally {
            finished(entry, outcome);
            done.countDown();
        }
    }

    private void finished(Entry entry, Outcome outcome) {
        if (outcome == Outcome.ENDED) {
            entry.acknowledge().run();
        }
        boolean free;
        synchronized (this) {
            running.remove(entry);
            String user = entry.job().userId();
            runningPerUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
            Deque<Entry> queue = waitingForUser.get(user);
            if (queue != null && !queue.isEmpty()) {
                ready.addFirst(queue.poll());
                userQueued--;
                if (queue.isEmpty()) {
                    waitingForUser.remove(user);
                }
            }
            dispatch();
            free = !saturated();
        }
        if (free) {
            onCapacity.run();
        }
    }
}
