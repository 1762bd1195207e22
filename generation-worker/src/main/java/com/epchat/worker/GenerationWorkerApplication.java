package com.epchat.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * generation-worker: reads approved jobs from {@code ep.budget.decisions}, calls DeepSeek, writes
 * {@code ep.generation.chunks}, {@code ep.usage} and {@code ep.job.status}. HTTP on port 3002 for
 * {@code /health} and {@code /api/metrics}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GenerationWorkerApplication {

    /** Its own config file name, so that the local stack can run every service in one JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GenerationWorkerApplication.class)
                .properties("spring.config.name=generation-worker");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
