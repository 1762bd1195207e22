package com.epchat.batch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * batch-coordinator: owns the life of bulk batches with Kafka Streams (reads {@code ep.batch.input} and
 * {@code ep.batch.outcomes}; writes bulk requests, job cancels, batch states and results). HTTP on port 3005
 * for {@code /health} and {@code /api/metrics}.
 */
@SpringBootApplication
public class BatchCoordinatorApplication {

    /** Its own config file name, so that the local stack can run every service in one JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(BatchCoordinatorApplication.class)
                .properties("spring.config.name=batch-coordinator");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
