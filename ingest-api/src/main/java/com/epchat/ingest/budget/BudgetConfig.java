package com.epchat.ingest.budget;

import com.epchat.ingest.config.IngestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The budget feature's collaborators: the state view and its listener, the advisor, the bypass policy, the metrics. */
@Configuration(proxyBeanMethods = false)
class BudgetConfig {

    @Bean
    BudgetStateView budgetStateView() {
        return new BudgetStateView();
    }

    @Bean
    BudgetStateListener budgetStateListener(KafkaProperties kafka, BudgetStateView view) {
        return new BudgetStateListener(kafka, view);
    }

    @Bean
    BudgetAdvisor budgetAdvisor(BudgetStateView view, BudgetGuardProperties limits, IngestProperties properties) {
        return new BudgetAdvisor(view, limits, properties.pricing().catalog(), properties.pricing().prices(),
                Clock.systemUTC());
    }

    @Bean
    GuardBypassPolicy guardBypassPolicy(BudgetGuardProperties limits) {
        return new GuardBypassPolicy(limits.bypassUsers());
    }

    @Bean
    BudgetMetrics budgetMetrics(MeterRegistry registry, BudgetStateView view, BudgetAdvisor advisor) {
        return new BudgetMetrics(registry, view, advisor, Clock.systemUTC());
    }
}
