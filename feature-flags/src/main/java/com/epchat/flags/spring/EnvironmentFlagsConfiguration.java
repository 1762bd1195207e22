package com.epchat.flags.spring;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.topics.event.FeatureFlags;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The flags' start values read from the environment and checked: a service with a nonsense
 * {@code MODEL_NAME} or switch refuses to start, naming the variable. Needs no Kafka, so that a
 * configuration test can import it alone.
 */
@Configuration(proxyBeanMethods = false)
public class EnvironmentFlagsConfiguration {

    @Bean
    FeatureFlags environmentFlags(Environment environment) {
        return EnvironmentFlags.from(environment::getProperty, FeatureFlagsConfiguration.service(environment),
                Instant.now());
    }
}
