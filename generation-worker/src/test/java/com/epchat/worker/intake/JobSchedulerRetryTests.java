package com.epchat.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.worker.generation.Job;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler with jobs that fail unexpectedly: each is taken up again after the backoff (from Kafka in
 * the worker: here a {@link Script} shared by its attempts), acknowledged once when it ended, and its
 * partition's later decisions are committed in offset order.
 */
class JobSchedulerRetryTests {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final TopicPartition PARTITION = new TopicPartition("ep.budget.decisions", 3);

    final ExecutorService pool = Executors.newFixedThreadPool(4);
    final OffsetTracker offsets = new OffsetTracker();
    final List<Long> committed = new CopyOnWriteArrayList<>();
    final AtomicInteger retries = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    JobScheduler scheduler(JobRetryPolicy policy) {
        return new JobScheduler(4, 1, pool, () -> { }, policy, retries::incrementAndGet);
    }

    static JobRetryPolicy fast(int maxRetries) {
        return new JobRetryPolicy(maxRetries, Duration.ofMillis(10), Duration.ofMillis(40));
    }

    /** What a job does at each attempt: throws for the first {@code failures} ones, then ends. */
    static final class Script implements JobScheduler.Retake {

        final String jobId;
        final int failures;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger taken = new AtomicInteger();
        final List<String> failedWith = new CopyOnWriteArrayList<>();
        volatile int failFailures;

        Script(String jobId, int failures) {
            this.jobId = jobId;
            this.failures = failures;
        }

        Job job() {
            return new Job() {
                volatile boolean cancelled;

                @Override
                public String jobId() {
                    return jobId;
                }

                @Override
                public String userId() {
                    return "user-" + jobId;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled;
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }

                @Override
                public void handOver() {
                }

                @Override
                public Outcome run() {
                    if (attempts.incrementAndGet() <= failures && !cancelled) {
                        throw new IllegalStateException("could not publish job " + jobId + ": delivery timeout");
                    }
                    return Outcome.ENDED;
                }
            };
        }

        @Override
        public Optional<? extends Job> again() {
            taken.incrementAndGet();
            return Optional.of(job());
        }

        @Override
        public void fail(String code, String message) {
            if (failFailures-- > 0) {
                throw new IllegalStateException("Kafka still away");
            }
            failedWith.add(code + ": " + message);
        }
    }

    void submit(JobScheduler scheduler, long offset, Script script) {
        offsets.started(PARTITION, offset, () -> committed.add(offset));
        scheduler.submit(new JobScheduler.Entry(PARTITION, script.job(), () -> offsets.done(PARTITION, offset),
                script));
    }

    @Test
    void shouldAcknowledgeOnceAndFreeTheSlotWhenAJobThatThrewSucceedsWhenTakenUpAgain() {
        JobScheduler scheduler = scheduler(fast(3));
        Script script = new Script("a", 1);

        submit(scheduler, 0, script);

        await().atMost(BOUND).until(() -> committed.contains(0L) && scheduler.active() == 0);
        assertThat(committed).containsExactly(0L);
        assertThat(script.attempts).hasValue(2);
        assertThat(script.taken).as("taken up again from Kafka once").hasValue(1);
        assertThat(script.failedWith).isEmpty();
        assertThat(retries).hasValue(1);
    }

    @Test
    void shouldEndAJobThatKeepsThrowingAsFailedAfterTheMaxRetriesAndAcknowledgeIt() {
        JobScheduler scheduler = scheduler(fast(3));
        Script script = new Script("b", Integer.MAX_VALUE);

        submit(scheduler, 0, script);

        await().atMost(BOUND).until(() -> committed.contains(0L) && scheduler.active() == 0);
        assertThat(script.attempts).as("the first run and three retries").hasValue(4);
        assertThat(retries).hasValue(3);
        assertThat(script.failedWith).singleElement().asString()
                .startsWith(JobRetryPolicy.EXHAUSTED + ": the worker failed on this job 4 times in a row")
                .contains("delivery timeout");
        assertThat(committed).containsExactly(0L);
    }

    @Test
    void shouldCommitTheLaterDecisionsOfThePartitionOnceTheFailingJobEnded() {
        JobScheduler scheduler = scheduler(new JobRetryPolicy(2, Duration.ofMillis(200), Duration.ofMillis(200)));
        Script failing = new Script("c0", Integer.MAX_VALUE);

        submit(scheduler, 0, failing);
        submit(scheduler, 1, new Script("c1", 0));
        submit(scheduler, 2, new Script("c2", 1));

        await().atMost(BOUND).until(() -> committed.size() == 3);
        assertThat(committed).as("in offset order, after the failing one ended").containsExactly(0L, 1L, 2L);
        assertThat(failing.failedWith).hasSize(1);
        assertThat(offsets.pending()).isZero();
        assertThat(scheduler.active()).isZero();
    }

    @Test
    void shouldKeepTryingToEndTheJobFailedWhileThatCannotBeWrittenEither() {
        JobScheduler scheduler = scheduler(fast(1));
        Script script = new Script("d", Integer.MAX_VALUE);
        script.failFailures = 2;

        submit(scheduler, 0, script);

        await().atMost(BOUND).until(() -> committed.contains(0L));
        assertThat(script.failedWith).hasSize(1);
        assertThat(retries).as("one retry, then two tries to end it").hasValue(3);
    }

    @Test
    void shouldLeaveAJobWaitingForItsRetryToTheNewOwnerWhenItsPartitionIsHandedOver() {
        JobScheduler scheduler = scheduler(new JobRetryPolicy(5, Duration.ofMinutes(5), Duration.ofMinutes(5)));
        Script script = new Script("e", 1);
        submit(scheduler, 0, script);
        await().atMost(BOUND).until(() -> retries.get() == 1);

        offsets.forget(List.of(PARTITION));
        scheduler.handOver(List.of(PARTITION), Duration.ofSeconds(20));

        assertThat(scheduler.active()).as("handed over at once, not after the 5 minute wait").isZero();
        assertThat(script.taken).as("not taken up again here").hasValue(0);
        assertThat(committed).isEmpty();
        assertThat(script.failedWith).isEmpty();
    }

    @Test
    void shouldCutTheWaitShortWhenAJobWaitingForItsRetryIsCancelled() {
        JobScheduler scheduler = scheduler(new JobRetryPolicy(5, Duration.ofMinutes(5), Duration.ofMinutes(5)));
        Script script = new Script("f", 3);
        submit(scheduler, 0, script);
        await().atMost(BOUND).until(() -> retries.get() == 1);

        assertThat(scheduler.cancel("f")).isTrue();

        await().atMost(BOUND).until(() -> committed.contains(0L));
        assertThat(script.taken).hasValue(1);
        assertThat(script.failedWith).isEmpty();
    }
}
