package com.epchat.worker.config;

import com.epchat.deepseek.DeepSeekClient;
import com.epchat.deepseek.DeepSeekSettings;
import com.epchat.deepseek.RetryPolicy;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.worker.capability.ModelResolver;
import io.micrometer.core.instrument.MeterRegistry;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.worker.continuation.ContinuationPolicy;
import com.epchat.worker.generation.JobRunner;
import com.epchat.worker.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The worker's wiring: the DeepSeek client, the model resolver, the producer of its three topics. */
@Configuration(proxyBeanMethods = false)
class WorkerConfig {

    @Bean
    KafkaAdmin.NewTopics workerTopics() {
        return new KafkaAdmin.NewTopics(Topics.all().stream().map(Topic::toNewTopic).toArray(NewTopic[]::new));
    }

    @Bean
    DeepSeekClient deepSeekClient(WorkerProperties properties) {
        var d = properties.deepseek();
        String key = d.apiKey() == null || d.apiKey().isBlank() ? "simulator" : d.apiKey();
        return new DeepSeekClient(DeepSeekSettings.of(d.baseUrl(), key)
                .withIdleTimeout(d.idleTimeout())
                .withCallTimeout(d.callTimeout())
                .withRetry(RetryPolicy.defaults()));
    }

    @Bean
    ModelResolver modelResolver(DeepSeekClient client, WorkerProperties properties, MeterRegistry meters) {
        return new ModelResolver(client::listModels, properties.capabilityCacheTtl(), Clock.systemUTC(), meters);
    }

    /** Raw bytes out: each value is written with its topic's own serde by {@code JobOutput}. */
    @Bean
    KafkaTemplate<String, byte[]> outputTemplate(KafkaProperties kafka) {
        var props = kafka.buildProducerProperties();
        // chunks of a job must arrive once and in order: idempotent producer, every replica acknowledges
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props, new StringSerializer(),
                new ByteArraySerializer()));
    }

    @Bean
    JobRunner jobRunner(DeepSeekClient client, ModelResolver resolver, WorkerProperties properties,
            KafkaTemplate<String, byte[]> outputTemplate, JobMetrics metrics) {
        int maxOutput = properties.longOutputGuardEnabled() ? properties.maxOutputTokens() : Integer.MAX_VALUE;
        return new JobRunner(client, resolver, properties.pricing().catalog(), properties.pricing().prices(),
                new ContinuationPolicy(properties.autoContinuationEnabled()), maxOutput, outputTemplate,
                Clock.systemUTC(), metrics);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, BudgetDecision> decisionListenerFactory(KafkaProperties kafka,
            WorkerProperties properties) {
        var consumer = kafka.buildConsumerProperties();
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "ep-generation-worker");
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // budget-streams writes decisions in transactions: never act on one that was aborted
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // one job may stream for many minutes before its record is done
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        consumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(2).toMillis());
        var factory = new ConcurrentKafkaListenerContainerFactory<String, BudgetDecision>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer,
                Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer()));
        factory.setConcurrency(properties.listenerConcurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        return factory;
    }
}
