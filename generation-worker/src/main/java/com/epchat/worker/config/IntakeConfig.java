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
import com.epchat.worker.intake.JobScheduler;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * How jobs come in: the decision consumer (manual, out-of-order acknowledgements; paused while the
 * scheduler is full), the scheduler's thread pool, and the job-control consumer every instance runs.
 */
@Configuration(proxyBeanMethods = false)
class IntakeConfig {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService jobThreads(WorkerProperties properties) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.maxActiveStreams(), r -> {
            Thread t = new Thread(r, "job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    JobScheduler jobScheduler(WorkerProperties properties, ExecutorService jobThreads,
            ObjectProvider<DecisionIntake> intake) {
        return new JobScheduler(properties.maxActiveStreams(), properties.maxConcurrencyPerUser(), jobThreads,
                () -> intake.getObject().resume());
    }

    @Bean(destroyMethod = "close")
    DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka) {
        return new DeadLetterPublisher(kafka.buildProducerProperties(), "generation-worker");
    }

    @Bean
    Cancellations cancellations() {
        return new Cancellations(100_000);
    }

    @Bean
    DecisionIntake decisionIntake(JobRunner runner, JobScheduler scheduler, Cancellations cancellations,
            KafkaListenerEndpointRegistry registry) {
        return new DecisionIntake(runner, scheduler, cancellations, registry);
    }

    @Bean
    JobControlListener jobControlListener(Cancellations cancellations, JobScheduler scheduler) {
        return new JobControlListener(cancellations, scheduler);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, BudgetDecision> decisionListenerFactory(KafkaProperties kafka,
            WorkerProperties properties, ObjectProvider<DecisionIntake> intake, DeadLetterPublisher deadLetters) {
        var consumer = kafka.buildConsumerProperties();
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // budget-streams writes decisions in transactions: never act on one that was aborted
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, BudgetDecision>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer,
                Topics.BUDGET_DECISIONS.keySerde().deserializer(),
                DeadLetterRecoverer.tolerant(Topics.BUDGET_DECISIONS.valueSerde().deserializer())));
        var errors = DeadLetterRecoverer.errorHandler(deadLetters);
        // a dead-lettered record's offset must not be committed past jobs still running before it
        errors.setAckAfterHandle(false);
        factory.setCommonErrorHandler(errors);
        factory.setConcurrency(properties.listenerConcurrency());
        ContainerProperties container = factory.getContainerProperties();
        // a job's decision is acknowledged when the job ends, in offset order (see OffsetTracker)
        container.setAckMode(ContainerProperties.AckMode.MANUAL);
        container.setConsumerRebalanceListener(new LazyRebalanceListener(intake));
        return factory;
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
