package com.epchat.worker.metrics;

import com.epchat.metrics.ConsumerLagMonitor;
import com.epchat.worker.intake.DecisionIntake;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The worker's consumer lag gauges: decisions waiting in {@code ep.budget.decisions} (group
 * {@code ep-generation-worker}) and in {@code ep.budget.decisions.bulk} ({@code ep-generation-worker-bulk}).
 */
@Configuration(proxyBeanMethods = false)
class WorkerMeters {

    @Bean
    LaneLagMonitors workerLag(KafkaAdmin admin, List<DecisionIntake> lanes, MeterRegistry registry) {
        return new LaneLagMonitors(lanes.stream().map(lane -> new ConsumerLagMonitor(admin.getConfigurationProperties(),
                () -> lane.lane().groupId(), registry, Duration.ofSeconds(15))).toList());
    }

    /** One lag monitor per lane, closed together. */
    record LaneLagMonitors(List<ConsumerLagMonitor> monitors) implements AutoCloseable {

        @Override
        public void close() {
            monitors.forEach(ConsumerLagMonitor::close);
        }
    }
}
