package com.epchat.worker.intake;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.worker.control.Cancellations;
import com.epchat.worker.generation.GenerationJob;
import com.epchat.worker.generation.JobRunner;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Takes approved jobs from {@code ep.budget.decisions} (userId → BudgetDecision, group
 * {@code ep-generation-worker}) and hands them to the {@link JobScheduler}; pauses fetching while the
 * scheduler is full. On assignment it notes each partition's end: a decision below it may have been
 * started by the previous owner, so its job first reads its history and continues. On revocation it
 * hands the partition's running jobs over before the new owner starts them.
 */
public class DecisionIntake implements ConsumerAwareRebalanceListener {

    public static final String LISTENER_ID = "generation-worker";
    private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(20);

    private final JobRunner runner;
    private final JobScheduler scheduler;
    private final Cancellations cancellations;
    private final KafkaListenerEndpointRegistry registry;
    private final Map<TopicPartition, Long> endAtAssignment = new ConcurrentHashMap<>();
    private final OffsetTracker offsets = new OffsetTracker();

    public DecisionIntake(JobRunner runner, JobScheduler scheduler, Cancellations cancellations,
            KafkaListenerEndpointRegistry registry) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.cancellations = cancellations;
        this.registry = registry;
    }

    @KafkaListener(id = LISTENER_ID, groupId = "ep-generation-worker",
            topics = "#{T(com.epchat.topics.Topics).BUDGET_DECISIONS.name()}",
            containerFactory = "decisionListenerFactory")
    void onDecision(ConsumerRecord<String, BudgetDecision> record, Acknowledgment ack) {
        BudgetDecision decision = record.value();
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long offset = record.offset();
        offsets.started(partition, offset, ack);
        if (decision == null || !decision.approved()) {
            offsets.done(partition, offset);
            return;
        }
        boolean seenBefore = offset < endAtAssignment.getOrDefault(partition, 0L);
        Optional<GenerationJob> job = runner.prepare(decision, seenBefore);
        if (job.isEmpty()) {
            offsets.done(partition, offset);
            return;
        }
        if (cancellations.isCancelled(decision.jobId())) {
            job.get().cancel();
        }
        scheduler.submit(new JobScheduler.Entry(partition, job.get(), () -> offsets.done(partition, offset)));
        if (scheduler.saturated()) {
            container().pause();
        }
    }

    /** The scheduler has room again. */
    public void resume() {
        MessageListenerContainer container = registry.getListenerContainer(LISTENER_ID);
        if (container != null && container.isPauseRequested()) {
            container.resume();
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

    private MessageListenerContainer container() {
        return registry.getListenerContainer(LISTENER_ID);
    }
}
