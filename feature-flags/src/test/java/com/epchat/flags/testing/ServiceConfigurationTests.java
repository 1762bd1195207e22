package com.epchat.flags.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.spring.EnvironmentFlagsConfiguration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A service refuses to start on a nonsense value, naming the variable and the value, as its
 * configuration file binds them. A subclass gives (in) the file's name and its refusals, each
 * {@code NAME=value | the start of the message}; the subclass is itself the configuration checked beside
 * {@link EnvironmentFlagsConfiguration}, so it carries the service's
 * {@code @EnableConfigurationProperties}. Each refusal is one test (out: the failure analysis must start
 * with {@code Invalid configuration: <message>} and contain the value).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceConfigurationTests {

    private final String configName;
    private final List<String> refusals;

    /**
     * @param configName the service's configuration file ({@code spring.config.name}), e.g. {@code budget-streams}
     * @param refusals one a test: {@code NAME=value | the start of the message}
     */
    protected ServiceConfigurationTests(String configName, String... refusals) {
        this.configName = configName;
        this.refusals = List.of(refusals);
    }

    Stream<Arguments> refusals() {
        return refusals.stream().map(line -> line.split("\\|", 2))
                .map(cells -> Arguments.of(cells[0].strip(), cells[1].strip()));
    }

    String refusal(String variable) {
        Class<?>[] checked = {EnvironmentFlagsConfiguration.class, getClass()};
        return RefusedStart.analysis(configName, checked, variable).getDescription();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldRefuseToStartNamingTheVariableAndTheValue(String variable, String message) {
        assertThat(refusal(variable)).startsWith("Invalid configuration: " + message)
                .contains(variable.substring(variable.indexOf('=') + 1));
    }
}
