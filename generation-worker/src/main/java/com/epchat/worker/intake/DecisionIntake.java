package com.epchat.worker.intake;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.worker.control.Cancellations;
import com.epchat.worker.generation.GenerationJob;
import com.epchat.worker.generation.Job;
import com.epchat.worker.generation.JobRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.Acknowledgment;

/**
 * One lane's intake ({@link LaneSettings}: the interactive lane reads {@code ep.budget.decisions} in group
 * {@code ep-generation-worker}, the bulk lane {@code ep.budget.decisions.bulk} in
 * {@code ep-generation-worker-bulk}; userId → BudgetDecision). It owns the lane's {@link JobScheduler} and
 * threads, hands approved jobs to it and pauses its consumer while the scheduler is full. A rejected
 * decision goes to {@link JobRunner#rejected} (a batch item's outcome) and is acknowledged. On assignment
 * it notes each partition's end: a decision below it may have been started by the previous owner, so
 * its job first reads its history and continues. On revocation it hands the partition's running jobs
 * over before the new owner starts them. A job that cannot even be prepared (its history unreadable) is
 * scheduled all the same and retried like one that failed running ({@link JobRun}); a decision the error
 * handler dead-letters ({@link #deadLettered}) is acknowledged in order, so the partition's commits go on.
 * Counts {@code ep_chat_job_retries_total{lane}}.
 */
public final class DecisionIntake implements AcknowledgingMessageListener<String, BudgetDecision>,
        ConsumerAwareRebalanceListener, AutoCloseable {

    private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(20);

    private final LaneSettings lane;
    private final JobRunner runner;
    private final Cancellations cancellations;
    private final ExecutorService threads;
    private final JobScheduler scheduler;
    private final Map<TopicPartition, Long> endAtAssignment = new ConcurrentHashMap<>();
    private final OffsetTracker offsets = new OffsetTracker();
    private volatile ConcurrentMessageListenerContainer<String, BudgetDecision> container;

    /**
     * @param retry  how a job that fails unexpectedly is retried ({@code WORKER_JOB_RETRY_*})
     * @param meters where {@code ep_chat_job_retries_total{lane}} is registered
     */
    public DecisionIntake(LaneSettings lane, JobRunner runner, Cancellations cancellations, JobRetryPolicy retry,
            MeterRegistry meters) {
        this.lane = lane;
        this.runner = runner;
        this.cancellations = cancellations;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(lane.maxActiveStreams(), r -> {
            Thread t = new Thread(r, lane.tag() + "-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // the scheduler calls back only once a job ended, long after this constructor returned
        Counter retries = Counter.builder("ep_chat_job_retries")
                .description("jobs taken up again from Kafka after an unexpected failure of the worker")
                .tag("lane", lane.tag()).register(meters);
        this.scheduler = new JobScheduler(lane.maxActiveStreams(), lane.maxConcurrencyPerUser(), threads,
                this::resume, retry, retries::increment);
    }

    /**
     * The consumer of this lane, feeding this intake: manual acknowledgements (a decision is acknowledged
     * when its job ended, in offset order, see {@link OffsetTracker}), this intake as rebalance listener.
     * Spring starts and stops it (declare it as a bean).
     */
    public ConcurrentMessageListenerContainer<String, BudgetDecision> container(
            ConsumerFactory<String, BudgetDecision> consumers, CommonErrorHandler errors, int concurrency) {
        ContainerProperties properties = new ContainerProperties(lane.topic());
        properties.setGroupId(lane.groupId());
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener(this);
        properties.setConsumerRebalanceListener(this);
        var created = new ConcurrentMessageListenerContainer<>(consumers, properties);
        created.setBeanName(lane.listenerId());
        created.setConcurrency(concurrency);
        created.setCommonErrorHandler(errors);
        this.container = created;
        return created;
    }

    public LaneSettings lane() {
        return lane;
    }

    public JobScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void onMessage(ConsumerRecord<String, BudgetDecision> record, Acknowledgment ack) {
        BudgetDecision decision = record.value();
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long offset = record.offset();
        offsets.started(partition, offset, ack);
        if (decision == null) {
            offsets.done(partition, offset);
            return;
        }
        if (!decision.approved()) {
            // when this throws the error handler tries twice more, then dead-letters it: see deadLettered()
            runner.rejected(decision);
            offsets.done(partition, offset);
            return;
        }
        boolean seenBefore = offset < endAtAssignment.getOrDefault(partition, 0L);
        Job job;
        try {
            Optional<GenerationJob> prepared = runner.prepare(decision, seenBefore);
            if (prepared.isEmpty()) {
                offsets.done(partition, offset);
                return;
            }
            job = prepared.get();
            if (cancellations.isCancelled(decision.jobId())) {
                job.cancel();
            }
        } catch (RuntimeException e) {
            // e.g. its history unreadable while Kafka is away: its slot's thread retries it after a backoff
            job = new UnpreparedJob(decision.jobId(), decision.userId(), e);
        }
        scheduler.submit(new JobScheduler.Entry(partition, job, () -> offsets.done(partition, offset),
                retake(decision)));
        if (scheduler.saturated() && container != null) {
            container.pause();
        }
    }

    /**
     * The error handler gave up on this record and wrote it to {@code ep.dead-letters}: it is done, and
     * acknowledged in offset order (a record that could not even be read was never started here: the
     * next acknowledged decision of its partition commits past it).
     */
    public void deadLettered(ConsumerRecord<?, ?> record) {
        offsets.done(new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    /** The takeover path, for a job that failed unexpectedly on this worker. */
    private JobScheduler.Retake retake(BudgetDecision decision) {
        return new JobScheduler.Retake() {
            @Override
            public Optional<GenerationJob> again() {
                Optional<GenerationJob> job = runner.retake(decision);
                if (cancellations.isCancelled(decision.jobId())) {
                    job.ifPresent(GenerationJob::cancel);
                }
                return job;
            }

            @Override
            public void fail(String code, String message) {
                runner.fail(decision, code, message);
            }
        };
    }

    /** The scheduler has room again. */
    public void resume() {
        var c = container;
        if (c != null && c.isPauseRequested()) {
            c.resume();
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        endAtAssignment.putAll(consumer.endOffsets(partitions));
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
        scheduler.handOver(partitions, HAND_OVER_TIMEOUT);
        partitions.forEach(endAtAssignment::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevokedBeforeCommit(consumer, partitions);
    }

    /** Stops the lane's job threads (the container is stopped before, by Spring). */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
