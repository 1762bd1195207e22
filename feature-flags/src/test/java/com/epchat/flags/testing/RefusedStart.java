package com.epchat.flags.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.spring.ConfigFailureAnalyzer;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts a configuration under a service's configuration file with some variables set, expects the
 * start to fail, and answers what {@link ConfigFailureAnalyzer} makes of the failure (the one line a
 * refused service prints).
 */
public final class RefusedStart {

    private RefusedStart() {
    }

    /**
     * @param configName the configuration file's name ({@code spring.config.name}), e.g. {@code budget-streams}
     * @param configurations what is started: the checks, the properties that bind the variables
     * @param variables {@code NAME=value} each
     */
    public static FailureAnalysis analysis(String configName, Class<?>[] configurations, String... variables) {
        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withInitializer(context -> environment.set(context.getEnvironment()))
                .withPropertyValues("spring.config.name=" + configName)
                .withPropertyValues(variables)
                .withUserConfiguration(configurations)
                .run(context -> {
                    assertThat(context).hasFailed();
                    analysis.set(new ConfigFailureAnalyzer(environment.get()).analyze(context.getStartupFailure()));
                });
        return analysis.get();
    }
}
