package com.epchat.worker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The worker's consumer lag gauge: approved jobs waiting in {@code ep.budget.decisions}. */
@Configuration(proxyBeanMethods = false)
class WorkerMeters {

    /** The worker's consumer group (set in {@code WorkerConfig}'s listener factory). */
    static final String WORKER_GROUP = "ep-generation-worker";

    @Bean(destroyMethod = "close")
    ConsumerLagMonitor workerLag(KafkaAdmin admin, MeterRegistry registry) {
        return new ConsumerLagMonitor(admin.getConfigurationProperties(), WORKER_GROUP, registry, Duration.ofSeconds(15));
    }
}
