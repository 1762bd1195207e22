package com.epchat.budget;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * budget-streams: the three-level budget guard as a Kafka Streams application. Reads
 * {@code ep.generation.requests}, writes {@code ep.budget.decisions}; HTTP on port 3001 for
 * {@code /health} and {@code /api/metrics} only.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BudgetStreamsApplication {

    /** Its own config file name, so that the local stack can run every service in one JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(BudgetStreamsApplication.class)
                .properties("spring.config.name=budget-streams");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
