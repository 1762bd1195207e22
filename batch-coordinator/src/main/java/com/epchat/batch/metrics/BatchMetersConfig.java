package com.epchat.batch.metrics;

import com.epchat.batch.coordinator.BatchMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The coordinator's figures as Micrometer meters ({@link BatchMeters}). */
@Configuration(proxyBeanMethods = false)
class BatchMetersConfig {

    @Bean
    BatchMetrics batchMetrics(MeterRegistry registry) {
        return new BatchMeters(registry);
    }
}
