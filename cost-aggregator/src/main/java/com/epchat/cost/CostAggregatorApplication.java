package com.epchat.cost;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * cost-aggregator: rolls {@code ep.usage} up into finance figures with Kafka Streams. HTTP on port
 * 3003 for {@code /health} and {@code /api/metrics}.
 */
@SpringBootApplication
public class CostAggregatorApplication {

    /** Its own config file name, so that the local stack can run every service in one JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CostAggregatorApplication.class)
                .properties("spring.config.name=cost-aggregator");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
