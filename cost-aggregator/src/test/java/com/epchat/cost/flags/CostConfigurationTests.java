package com.epchat.cost.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.spring.ConfigFailureAnalyzer;
import com.epchat.flags.spring.EnvironmentFlagsConfiguration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;

/** cost-aggregator refuses to start on a nonsense flag start value, naming the variable and the value. */
class CostConfigurationTests {

    static String refusal(String variable) {
        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
        AtomicReference<String> description = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withInitializer(context -> environment.set(context.getEnvironment()))
                .withPropertyValues("spring.config.name=cost-aggregator", variable)
                .withUserConfiguration(EnvironmentFlagsConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    description.set(new ConfigFailureAnalyzer(environment.get()).analyze(context.getStartupFailure())
                            .getDescription());
                });
        return description.get();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "MODEL_NAME=gpt-4          | MODEL_NAME must be one of",
        "PROM_ENABLED=perhaps      | PROM_ENABLED must be enabled/disabled",
        "EP_128K_MODE=128k         | EP_128K_MODE must be enabled/disabled",
    })
    void shouldRefuseToStartNamingTheVariableAndTheValue(String variable, String message) {
        assertThat(refusal(variable)).startsWith("Invalid configuration: " + message)
                .contains(variable.substring(variable.indexOf('=') + 1));
    }
}
