package com.epchat.worker.intake;

import com.epchat.worker.generation.Job;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs side by side, at most {@code RL_MAX_ACTIVE_STREAMS} provider streams at once and at most
 * {@code RL_MAX_CONCURRENCY_PER_USER} per user: a user's further jobs wait in that user's queue, so
 * they never hold up other users' jobs. A user's decisions all live on one partition, so one worker
 * owns all of a user's running jobs and the per-user limit holds across instances. When it is full
 * the intake stops fetching (it never drops a job); a job's decision is acknowledged only when the
 * job ended (the intake's offset tracker commits in offset order). A job that fails unexpectedly keeps its
 * slot and is taken up again from Kafka after a backoff, a bounded number of times, then ended as failed
 * ({@link JobRun}, {@link JobRetryPolicy}): it is acknowledged once, when it ended, either way.
 */
public final class JobScheduler {

    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

    /**
     * A job with where its decision came from, how to acknowledge it, and how to take it up again from
     * Kafka after an unexpected failure.
     */
    public record Entry(TopicPartition partition, Job job, Runnable acknowledge, Retake retake) {
    }

    /** How a job that failed unexpectedly is taken up again, and ended for good once its retries are spent. */
    public interface Retake {

        /** The job again from what Kafka holds (the takeover path); empty when Kafka shows it ended. */
        Optional<? extends Job> again();

        /** Ends it failed with {@code code}: final status, last usage event, a batch item's FAILED outcome. */
        void fail(String code, String message);
    }

    private final int maxActive;
    private final int maxPerUser;
    private final ExecutorService pool;
    private final Runnable onCapacity;
    private final JobRetryPolicy retry;
    private final Runnable retried;
    private final Deque<Entry> ready = new ArrayDeque<>();
    private final Map<String, Deque<Entry>> waitingForUser = new HashMap<>();
    private final Map<String, Integer> runningPerUser = new HashMap<>();
    private final Map<Entry, JobRun> running = new HashMap<>();
    private int userQueued;

    /**
     * @param onCapacity called when there is room again after being full
     * @param retried    called at each retry of a job that failed unexpectedly (counts it)
     */
    public JobScheduler(int maxActive, int maxPerUser, ExecutorService pool, Runnable onCapacity,
            JobRetryPolicy retry, Runnable retried) {
        this.maxActive = maxActive;
        this.maxPerUser = maxPerUser;
        this.pool = pool;
        this.onCapacity = onCapacity;
        this.retry = retry;
        this.retried = retried;
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
        for (var e : running.entrySet()) {
            if (e.getKey().job().jobId().equals(jobId)) {
                e.getValue().cancel();
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
     * them) and stop their running ones, waiting a bounded time for each to bill what it streamed. A job
     * waiting to be retried stops waiting and is left to the new owner, which takes it over from Kafka.
     */
    public void handOver(Collection<TopicPartition> partitions, Duration timeout) {
        Set<TopicPartition> moved = new HashSet<>(partitions);
        List<JobRun> stopping = new ArrayList<>();
        synchronized (this) {
            ready.removeIf(e -> moved.contains(e.partition()));
            waitingForUser.values().forEach(q -> userQueued -= removeCount(q, moved));
            running.forEach((e, run) -> {
                if (moved.contains(e.partition())) {
                    run.handOver();
                    stopping.add(run);
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JobRun run : stopping) {
            try {
                if (!run.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
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
            JobRun run = new JobRun(next, retry, retried);
            running.put(next, run);
            pool.execute(() -> {
                boolean ended = false;
                try {
                    ended = run.runToEnd();
                } finally {
                    finished(next, ended);
                    // only now: a partition's hand-over returns after the acks of the jobs that ended first
                    run.stopped();
                }
            });
        }
    }

    /** @param ended the job ended here (acknowledge its decision), else it was handed over */
    private void finished(Entry entry, boolean ended) {
        if (ended) {
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
