package com.epchat.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * ingest-api: the only public HTTP edge (port 3000). Publishes {@code ep.generation.requests},
 * awaits {@code ep.budget.decisions} (request-reply), relays {@code ep.generation.chunks} as SSE.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApiApplication {

    /** Its own config file name, so that the local stack can run every service in one JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IngestApiApplication.class).properties("spring.config.name=ingest-api");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
