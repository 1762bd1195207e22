package com.epchat.worker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/** The worker's consumer lag gauge: approved jobs waiting in {@code ep.budget.decisions}. */
@Configuration(proxyBeanMethods = false)
class WorkerMeters {

    /** The id of the decisions listener ({@code DecisionListener}); its container knows the group it joined. */
    static final String DECISION_LISTENER = "generation-worker";

    @Bean(destroyMethod = "close")
    ConsumerLagMonitor workerLag(KafkaAdmin admin, KafkaListenerEndpointRegistry listeners, MeterRegistry registry) {
        return new ConsumerLagMonitor(admin.getConfigurationProperties(), () -> {
            var container = listeners.getListenerContainer(DECISION_LISTENER);
            return container == null ? null : container.getGroupId();
        }, registry, Duration.ofSeconds(15));
    }
}
