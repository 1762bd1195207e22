package com.epchat.budget.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.budget.config.BudgetProperties;
import com.epchat.flags.spring.ConfigFailureAnalyzer;
import com.epchat.flags.spring.EnvironmentFlagsConfiguration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/** budget-streams refuses to start on a nonsense value, naming the variable and the value (as {@code budget-streams.yml} binds them). */
class BudgetConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BudgetProperties.class)
    @Import(EnvironmentFlagsConfiguration.class)
    static class Checked {
    }

    static String refusal(String variable) {
        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
        AtomicReference<String> description = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withInitializer(context -> environment.set(context.getEnvironment()))
                .withPropertyValues("spring.config.name=budget-streams", variable)
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
        "BUDGET_REQ_USD=-0.40          | BUDGET_REQ_USD must be an amount in USD above zero, was -0.40",
        "BUDGET_USER_DAILY_USD=lots    | BUDGET_USER_DAILY_USD='lots' is not a number",
        "BUDGET_SITE_HOURLY_USD=0      | BUDGET_SITE_HOURLY_USD must be an amount in USD above zero, was 0",
        "BUDGET_TIMEZONE=Mars/Olympus  | BUDGET_TIMEZONE must be a time zone id",
        "PRICE_OUT_PER_1K=cheap        | PRICE_OUT_PER_1K='cheap' is not a number",
        "MODEL_NAME=gpt-4              | MODEL_NAME must be one of",
        "MODEL_CTX=1048576             | MODEL_CTX must be between 4096 and 131072 tokens",
    })
    void shouldRefuseToStartNamingTheVariableAndTheValue(String variable, String message) {
        assertThat(refusal(variable)).startsWith("Invalid configuration: " + message)
                .contains(variable.substring(variable.indexOf('=') + 1));
    }
}
