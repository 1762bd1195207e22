package com.epchat.worker.flags;

import com.epchat.flags.FlagWatcher;
import com.epchat.flags.spring.FeatureFlagsConfiguration;
import com.epchat.worker.config.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The worker on live flags ({@code ep.control.flags}): the watcher, its gauges and the rules each job
 * takes when it starts.
 */
@Configuration(proxyBeanMethods = false)
@Import(FeatureFlagsConfiguration.class)
class WorkerFlagsConfig {

    @Bean
    LiveJobRules liveJobRules(FlagWatcher watcher, WorkerProperties properties) {
        return new LiveJobRules(watcher, properties.pricing().contextWindow(), properties.maxOutputTokens());
    }
}
