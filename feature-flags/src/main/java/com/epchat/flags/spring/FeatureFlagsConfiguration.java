package com.epchat.flags.spring;

import com.epchat.flags.FlagStore;
import com.epchat.flags.FlagWatcher;
import com.epchat.flags.metrics.FlagMeters;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FeatureFlags;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * What a service imports to run on live flags ({@code @Import(FeatureFlagsConfiguration.class)}): the
 * {@link FlagWatcher} (started before any bean that needs the flags), its gauges (a {@code MeterBinder}
 * that Boot binds to the service's registry) and the switch that serves {@code /api/metrics} only while
 * the {@code prometheus} flag is on. The Kafka clients take the service's {@code spring.kafka.*}
 * connection settings.
 */
@Configuration(proxyBeanMethods = false)
@Import(EnvironmentFlagsConfiguration.class)
public class FeatureFlagsConfiguration {

    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    @Bean(destroyMethod = "close")
    FlagWatcher flagWatcher(FeatureFlags environmentFlags, KafkaProperties kafka, Environment environment) {
        Map<String, Object> client = new HashMap<>(kafka.buildAdminProperties());
        // the store names its own clients; a configured client id would clash between them
        client.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
        FlagWatcher watcher = new FlagWatcher(new FlagStore(client, Topics.FEATURE_FLAGS.name(), KAFKA_TIMEOUT),
                environmentFlags, service(environment));
        watcher.start();
        return watcher;
    }

    @Bean
    FlagMeters flagMeters(FlagWatcher watcher) {
        return new FlagMeters(watcher);
    }

    @Bean
    FilterRegistrationBean<PrometheusSwitch> prometheusSwitch(FlagWatcher watcher) {
        FilterRegistrationBean<PrometheusSwitch> registration = new FilterRegistrationBean<>(
                new PrometheusSwitch(watcher));
        registration.addUrlPatterns(PrometheusSwitch.PATH);
        return registration;
    }

    static String service(Environment environment) {
        return environment.getProperty("spring.application.name", "ep-chat");
    }
}
