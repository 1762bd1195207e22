package com.epchat.worker.config;

import com.epchat.deepseek.DeepSeekClient;
import com.epchat.deepseek.DeepSeekSettings;
import com.epchat.deepseek.RetryPolicy;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.worker.capability.ModelResolver;
import com.epchat.worker.flags.LiveJobRules;
import com.epchat.worker.generation.JobRunner;
import com.epchat.worker.metrics.JobMetrics;
import com.epchat.worker.recovery.JobHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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

/** The worker's generation wiring: the DeepSeek client, the model resolver, the job runner and its producer. */
@Configuration(proxyBeanMethods = false)
public class WorkerConfig {

    /**
     * How long the output producer waits to fill a batch: 5 ms, Kafka 4's own default. With no wait, every
     * delta of every job is a produce request of its own and wakes every chunk consumer on its own; at 2,000
     * deltas/s that load, not the wait, made the relay's tail on two vCPUs (BENCHMARKS.md, issue 5). 5 ms is
     * a fraction of a token's interval. {@code spring.kafka.producer.properties.linger.ms} overrides it.
     */
    public static final int OUTPUT_LINGER_MS = 5;

    @Bean
    KafkaAdmin.NewTopics workerTopics() {
        return new KafkaAdmin.NewTopics(Topics.all().stream().map(Topic::toNewTopic).toArray(NewTopic[]::new));
    }

    @Bean
    DeepSeekClient deepSeekClient(WorkerProperties properties) {
        var d = properties.deepseek();
        // the simulator takes any non-empty key; the real API gets DEEPSEEK_API_KEY
        String key = d.apiKey() == null || d.apiKey().isBlank() ? "simulator" : d.apiKey();
        return new DeepSeekClient(DeepSeekSettings.of(d.baseUrl(), key)
                .withIdleTimeout(d.idleTimeout())
                .withCallTimeout(d.callTimeout())
                .withRetry(RetryPolicy.defaults()));
    }

    @Bean
    ModelResolver modelResolver(DeepSeekClient client, WorkerProperties properties, MeterRegistry meters) {
        ModelResolver resolver = new ModelResolver(client::listModels, properties.capabilityCacheTtl(),
                Clock.systemUTC(), meters);
        resolver.probe();
        return resolver;
    }

    /** Raw bytes out: each value is written with its topic's own serde by {@code JobOutput}. */
    @Bean
    KafkaTemplate<String, byte[]> outputTemplate(KafkaProperties kafka) {
        var props = kafka.buildProducerProperties();
        // chunks of a job must arrive once and in order: idempotent producer, every replica acknowledges
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, OUTPUT_LINGER_MS);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props, new StringSerializer(),
                new ByteArraySerializer()));
    }

    /** Context, continuation and output guard come from the live flags, taken by each job as it starts. */
    @Bean
    JobRunner jobRunner(DeepSeekClient client, ModelResolver resolver, WorkerProperties properties,
            KafkaTemplate<String, byte[]> outputTemplate, KafkaProperties kafka, LiveJobRules rules, JobMetrics metrics) {
        return new JobRunner(client, resolver, rules, properties.pricing().prices(), outputTemplate,
                new JobHistory(kafka.buildConsumerProperties()), Clock.systemUTC(), metrics);
    }
}
