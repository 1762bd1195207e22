package com.epchat.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.testing.RefusedStart;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A refused start names the variable and its value, whether a check refused it or Spring could not convert it. */
class ConfigFailureAnalyzerTests {

    @ConfigurationProperties("demo")
    record DemoProperties(BigDecimal price, BigDecimal budget, Duration timeout) {

        DemoProperties {
            if (budget.signum() < 0) {
                throw new IllegalArgumentException("DEMO_BUDGET_USD must be an amount in USD of zero or more, was "
                        + budget);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DemoProperties.class)
    @Import(EnvironmentFlagsConfiguration.class)
    static class Demo {
    }

    static FailureAnalysis refusal(String... variables) {
        return RefusedStart.analysis("analyzer-test", new Class<?>[] {Demo.class}, variables);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "DEMO_PRICE_PER_1K=abc   | Invalid configuration: DEMO_PRICE_PER_1K='abc' is not a number",
        "DEMO_TIMEOUT=soon       | Invalid configuration: DEMO_TIMEOUT='soon' is not a duration",
        "DEMO_BUDGET_USD=-2      | Invalid configuration: DEMO_BUDGET_USD must be an amount in USD of zero or more, was -2",
        "MODEL_NAME=gpt-4        | Invalid configuration: MODEL_NAME must be one of",
        "EP_AUTO_CONTINUATION=42 | Invalid configuration: EP_AUTO_CONTINUATION must be enabled/disabled",
    })
    void shouldNameTheVariableAndTheValueOfARefusedStart(String variable, String description) {
        FailureAnalysis analysis = refusal(variable);

        assertThat(analysis.getDescription()).startsWith(description);
        String name = variable.substring(0, variable.indexOf('='));
        assertThat(analysis.getAction()).startsWith("Correct " + name + " in .env");
    }

    @Test
    void shouldLeaveFailuresThatAreNotAboutConfigurationToTheOtherAnalysers() {
        assertThat(new ConfigFailureAnalyzer(null).analyze(new IllegalStateException("port 3000 is in use"))).isNull();
    }
}
