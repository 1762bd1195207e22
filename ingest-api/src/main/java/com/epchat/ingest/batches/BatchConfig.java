package com.epchat.ingest.batches;

import com.epchat.ingest.budget.GuardBypassPolicy;
import com.epchat.ingest.generate.GenerationValidator;
import com.epchat.ingest.jobs.JobsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The batch feature's collaborators: the state view and its listener, the file reader, the
 * transactional publisher (a producer of its own, with a transactional id prefix unique to this
 * instance), the results streamer, access, metrics.
 */
@Configuration(proxyBeanMethods = false)
class BatchConfig {

    @Bean
    BatchStateView batchStateView() {
        return new BatchStateView();
    }

    @Bean
    BatchStateListener batchStateListener(KafkaProperties kafka, BatchStateView view) {
        return new BatchStateListener(kafka, view);
    }

    @Bean
    BatchPublisher batchPublisher(KafkaProperties kafka) {
        return new BatchPublisher(kafka.buildProducerProperties(),
                "ingest-batches-" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    @Bean
    BatchMetrics batchMetrics(MeterRegistry registry) {
        return new BatchMetrics(registry);
    }

    @Bean
    BatchAccess batchAccess(BatchStateView view, JobsProperties jobs) {
        return new BatchAccess(view, jobs.lookupWait());
    }

    @Bean
    BatchSubmitter batchSubmitter(GenerationValidator validator, GuardBypassPolicy bypass, BatchProperties properties,
            BatchPublisher publisher, BatchStateView view, BatchMetrics metrics, JobsProperties jobs) {
        return new BatchSubmitter(new BatchFileReader(validator, bypass, properties), publisher, view, metrics,
                jobs.lookupWait(), Clock.systemUTC());
    }

    @Bean
    BatchResultsStreamer batchResultsStreamer(KafkaProperties kafka, BatchStateView view, BatchProperties properties) {
        return new BatchResultsStreamer(kafka.buildConsumerProperties(), view, properties.maxResultStreams(),
                Clock.systemUTC());
    }
}
