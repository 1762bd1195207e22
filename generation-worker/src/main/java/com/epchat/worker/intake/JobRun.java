package com.epchat.worker.intake;

import com.epchat.worker.generation.Job;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled job on its slot's thread, run to its end. When an attempt throws unexpectedly (Kafka
 * unreachable beyond the producer's delivery timeout, its history unreadable, ...) the job is taken up
 * again from Kafka ({@link JobScheduler.Retake#again()}, the takeover path: nothing is generated or billed
 * twice) after the {@link JobRetryPolicy}'s backoff, at most {@code maxRetries} times; then it is ended as
 * failed ({@link JobRetryPolicy#EXHAUSTED}), and if even that cannot be written yet, that is tried again at
 * the longest backoff until it is (its reservation must be released). Either way the slot stays taken
 * until the job ended. Handing its partition over stops it wherever it is, a wait included, unacknowledged:
 * the new owner takes the job over. A cancel reaches whichever attempt runs and cuts a wait short.
 */
final class JobRun {

    private static final Logger log = LoggerFactory.getLogger(JobRun.class);
    private static final int MAX_REASON = 300;

    private final JobScheduler.Entry entry;
    private final JobRetryPolicy policy;
    private final Runnable retried;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Job current;
    private boolean handedOver;
    private boolean cancelled;
    private boolean woken;

    /** @param retried counts one retry (the {@code ep_chat_job_retries_total} metric) */
    JobRun(JobScheduler.Entry entry, JobRetryPolicy policy, Runnable retried) {
        this.entry = entry;
        this.policy = policy;
        this.retried = retried;
        this.current = entry.job();
    }

    /** Runs the job to its end: true when it ended here (acknowledge its decision), false when handed over. */
    boolean runToEnd() {
        try {
            return attempts();
        } finally {
            // an interrupt meant for this job must not reach the next one on this thread
            Thread.interrupted();
        }
    }

    private boolean attempts() {
        int failures = 0;
        while (true) {
            try {
                Job job;
                if (failures == 0) {
                    job = entry.job();
                } else {
                    Optional<? extends Job> again = entry.retake().again();
                    if (again.isEmpty()) {
                        return true; // Kafka shows the job ended: its last events made it before the failure
                    }
                    job = again.get();
                    if (!adopt(job)) {
                        return false;
                    }
                }
                return job.run() == Job.Outcome.ENDED;
            } catch (RuntimeException e) {
                if (isHandedOver()) {
                    return false;
                }
                failures++;
                if (!policy.allowsRetry(failures)) {
                    return fail(failures, e);
                }
                retried.run();
                Duration delay = policy.delay(failures);
                log.warn("job {} stopped on an unexpected error (retry {} of {} in {}): taking it up again from Kafka",
                        entry.job().jobId(), failures, policy.maxRetries(), delay, e);
                if (!pause(delay)) {
                    return false;
                }
            }
        }
    }

    /** The retries are spent: end the job as failed; true once that is written, false when handed over. */
    private boolean fail(int failures, RuntimeException last) {
        String reason = String.valueOf(last);
        String message = "the worker failed on this job " + failures + " times in a row, last: "
                + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
        log.error("job {} failed unexpectedly {} times in a row: ending it as failed", entry.job().jobId(), failures,
                last);
        while (true) {
            if (isHandedOver()) {
                return false; // the new owner ends it
            }
            try {
                entry.retake().fail(JobRetryPolicy.EXHAUSTED, message);
                return true;
            } catch (RuntimeException e) {
                if (isHandedOver()) {
                    return false;
                }
                retried.run();
                log.error("job {} could not be ended as failed either, trying again in {}: {}", entry.job().jobId(),
                        policy.maxBackoff(), e.toString());
                if (!pause(policy.maxBackoff())) {
                    return false;
                }
            }
        }
    }

    private synchronized boolean adopt(Job job) {
        if (handedOver) {
            return false;
        }
        current = job;
        if (cancelled) {
            job.cancel();
        }
        return true;
    }

    /** Waits before a retry; false when the job is handed over (or the worker stops) meanwhile. */
    private synchronized boolean pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        long left = delay.toNanos();
        while (!handedOver && !woken && left > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            left = deadline - System.nanoTime();
        }
        woken = false;
        return !handedOver;
    }

    private synchronized boolean isHandedOver() {
        return handedOver;
    }

    /** The partition moved: stop the attempt running, or the wait, without ending the job. */
    synchronized void handOver() {
        handedOver = true;
        current.handOver();
        notifyAll();
    }

    /** The client cancelled: the attempt running ends cancelled; a waiting retry starts now and ends at once. */
    synchronized void cancel() {
        cancelled = true;
        woken = true;
        current.cancel();
        notifyAll();
    }

    /** The scheduler is done with it (acknowledged when it ended, its slot freed). */
    void stopped() {
        stopped.countDown();
    }

    /** Waits until the job stopped (ended or handed over); false when it did not within {@code timeout}. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
