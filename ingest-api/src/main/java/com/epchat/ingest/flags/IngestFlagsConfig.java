package com.epchat.ingest.flags;

import com.epchat.flags.FlagWatcher;
import com.epchat.flags.spring.FeatureFlagsConfiguration;
import com.epchat.ingest.config.IngestProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/** ingest-api on live flags: the watcher and its gauges, the rules requests are validated under, {@code /api/config}. */
@Configuration(proxyBeanMethods = false)
@Import(FeatureFlagsConfiguration.class)
class IngestFlagsConfig {

    @Bean
    LiveModels liveModels(FlagWatcher watcher, IngestProperties properties) {
        return new LiveModels(watcher, properties.pricing().contextWindow());
    }

    @Bean
    ConfigReport configReport(IngestProperties properties, LiveModels models, ConfigurableEnvironment environment) {
        return new ConfigReport(properties, models, environment);
    }
}
