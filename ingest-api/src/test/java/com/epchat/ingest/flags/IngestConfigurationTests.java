package com.epchat.ingest.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.spring.ConfigFailureAnalyzer;
import com.epchat.flags.spring.EnvironmentFlagsConfiguration;
import com.epchat.ingest.config.IngestProperties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/** ingest-api refuses to start on a nonsense value, naming the variable and the value (as {@code ingest-api.yml} binds them). */
class IngestConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    @Import(EnvironmentFlagsConfiguration.class)
    static class Checked {
    }

    static String refusal(String variable) {
        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
        AtomicReference<String> description = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withInitializer(context -> environment.set(context.getEnvironment()))
                .withPropertyValues("spring.config.name=ingest-api", variable)
                .withUserConfiguration(Checked.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    description.set(new ConfigFailureAnalyzer(environment.get()).analyze(context.getStartupFailure())
                            .getDescription());
                });
        return description.get();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "PRICE_IN_PER_1K=abc         | PRICE_IN_PER_1K='abc' is not a number",
        "PRICE_OUT_PER_1K=-0.5       | PRICE_OUT_PER_1K must be a price of zero or more, was -0.5",
        "MODEL_NAME=gpt-4            | MODEL_NAME must be one of",
        "MODEL_CTX=262144            | MODEL_CTX must be between 4096 and 131072 tokens",
        "EP_128K_MODE=maybe          | EP_128K_MODE must be enabled/disabled",
        "EP_DEFAULT_MAX_TOKENS=0     | EP_DEFAULT_MAX_TOKENS must be above zero, was 0",
        "EP_DECISION_TIMEOUT=soon    | EP_DECISION_TIMEOUT='soon' is not a duration",
    })
    void shouldRefuseToStartNamingTheVariableAndTheValue(String variable, String message) {
        assertThat(refusal(variable)).startsWith("Invalid configuration: " + message)
                .contains(variable.substring(variable.indexOf('=') + 1));
    }
}
