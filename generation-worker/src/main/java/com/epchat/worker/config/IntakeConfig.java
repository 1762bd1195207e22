package com.epchat.worker.config;

import com.epchat.deadletters.DeadLetterPublisher;
import com.epchat.deadletters.DeadLetterRecoverer;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.JobControl;
import com.epchat.worker.control.Cancellations;
import com.epchat.worker.control.JobControlListener;
import com.epchat.worker.generation.JobRunner;
import com.epchat.worker.intake.DecisionIntake;
import com.epchat.worker.intake.LaneSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * How jobs come in: one {@link DecisionIntake} per lane (interactive: {@code RL_MAX_ACTIVE_STREAMS} slots;
 * bulk: {@code WORKER_BULK_MAX_ACTIVE_STREAMS}), each with its own consumer group, scheduler, threads and
 * pause/resume, so that a full bulk lane never delays an interactive job; and the job-control consumer
 * every instance runs, which cancels a job in whichever lane runs it.
 */
@Configuration(proxyBeanMethods = false)
class IntakeConfig {

    @Bean(destroyMethod = "close")
    DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka) {
        return new DeadLetterPublisher(kafka.buildProducerProperties(), "generation-worker");
    }

    @Bean
    Cancellations cancellations() {
        return new Cancellations(100_000);
    }

    @Bean(destroyMethod = "close")
    DecisionIntake decisionIntake(WorkerProperties properties, JobRunner runner, Cancellations cancellations,
            MeterRegistry meters) {
        return new DecisionIntake(LaneSettings.interactive(properties.maxActiveStreams(),
                properties.maxConcurrencyPerUser()), runner, cancellations, properties.jobRetry().policy(), meters);
    }

    @Bean(destroyMethod = "close")
    DecisionIntake bulkDecisionIntake(WorkerProperties properties, JobRunner runner, Cancellations cancellations,
            MeterRegistry meters) {
        return new DecisionIntake(LaneSettings.bulk(properties.bulk().maxActiveStreams(), properties.bulk().perUser()),
                runner, cancellations, properties.jobRetry().policy(), meters);
    }

    @Bean(LaneSettings.INTERACTIVE_LISTENER)
    ConcurrentMessageListenerContainer<String, BudgetDecision> decisionListener(DecisionIntake decisionIntake,
            KafkaProperties kafka, WorkerProperties properties, DeadLetterPublisher deadLetters) {
        return decisionIntake.container(decisionConsumers(kafka), decisionErrors(deadLetters, decisionIntake),
                properties.listenerConcurrency());
    }

    @Bean(LaneSettings.BULK_LISTENER)
    ConcurrentMessageListenerContainer<String, BudgetDecision> bulkDecisionListener(DecisionIntake bulkDecisionIntake,
            KafkaProperties kafka, WorkerProperties properties, DeadLetterPublisher deadLetters) {
        return bulkDecisionIntake.container(decisionConsumers(kafka), decisionErrors(deadLetters, bulkDecisionIntake),
                properties.listenerConcurrency());
    }

    @Bean
    JobControlListener jobControlListener(Cancellations cancellations, List<DecisionIntake> intakes) {
        return new JobControlListener(cancellations, intakes.stream().map(DecisionIntake::scheduler).toList());
    }

    /** Both lanes' decisions: the same topic format, read committed, at most 10 per poll. */
    private static ConsumerFactory<String, BudgetDecision> decisionConsumers(KafkaProperties kafka) {
        var consumer = kafka.buildConsumerProperties();
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // budget-streams writes decisions in transactions: never act on one that was aborted
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        return new DefaultKafkaConsumerFactory<>(consumer, Topics.BUDGET_DECISIONS.keySerde().deserializer(),
                DeadLetterRecoverer.tolerant(Topics.BUDGET_DECISIONS.valueSerde().deserializer()));
    }

    /**
     * A failing decision is tried twice more, then dead-lettered; the intake then acknowledges it in offset
     * order (committing it at once would commit past jobs still running before it; never committing it
     * would hold up every later commit of its partition).
     */
    private static CommonErrorHandler decisionErrors(DeadLetterPublisher deadLetters, DecisionIntake intake) {
        var dead = new DeadLetterRecoverer(deadLetters);
        var errors = new DefaultErrorHandler((record, e) -> {
            dead.accept(record, e);
            intake.deadLettered(record);
        }, new FixedBackOff(500, 2));
        errors.setAckAfterHandle(false);
        return errors;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, JobControl> controlListenerFactory(KafkaProperties kafka,
            DeadLetterPublisher deadLetters) {
        var consumer = kafka.buildConsumerProperties();
        // every instance must see every command: a group of its own, from the end
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "worker-control-" + UUID.randomUUID());
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, JobControl>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer,
                Topics.JOB_CONTROL.keySerde().deserializer(),
                DeadLetterRecoverer.tolerant(Topics.JOB_CONTROL.valueSerde().deserializer())));
        factory.setCommonErrorHandler(DeadLetterRecoverer.errorHandler(deadLetters));
        return factory;
    }
}
