package com.epchat.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerChoiceTests {

    private static final BooleanSupplier DOCKER_UP = () -> true;
    private static final BooleanSupplier DOCKER_DOWN = () -> false;
    private static final BooleanSupplier MUST_NOT_PROBE = () -> {
        throw new AssertionError("Docker must not be probed");
    };

    @Test
    void shouldPreferDockerWhenAnEngineIsAvailable() {
        assertThat(BrokerChoice.decide(null, DOCKER_UP))
                .isEqualTo(new BrokerChoice(TestKafka.Source.DOCKER, "a Docker engine is available"));
    }

    @Test
    void shouldFallBackToEmbeddedWithoutDocker() {
        assertThat(BrokerChoice.decide("", DOCKER_DOWN))
                .isEqualTo(new BrokerChoice(TestKafka.Source.EMBEDDED, "no Docker engine found"));
    }

    @Test
    void shouldUseEmbeddedWithoutProbingWhenForced() {
        assertThat(BrokerChoice.decide(" Embedded ", MUST_NOT_PROBE))
                .isEqualTo(new BrokerChoice(TestKafka.Source.EMBEDDED, "EP_TEST_KAFKA=embedded"));
    }

    @Test
    void shouldUseDockerWhenForcedAndAvailable() {
        assertThat(BrokerChoice.decide("docker", DOCKER_UP))
                .isEqualTo(new BrokerChoice(TestKafka.Source.DOCKER, "EP_TEST_KAFKA=docker"));
    }

    @Test
    void shouldFailClearlyWhenDockerIsForcedButMissing() {
        assertThatThrownBy(() -> BrokerChoice.decide("docker", DOCKER_DOWN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EP_TEST_KAFKA=docker but no Docker engine");
    }

    @Test
    void shouldRejectAnUnknownModeNamingTheVariable() {
        assertThatThrownBy(() -> BrokerChoice.decide("podman", MUST_NOT_PROBE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EP_TEST_KAFKA must be 'embedded', 'docker' or unset, was 'podman'");
    }

    @Test
    void shouldFindNoDockerHintOnABareMachine(@TempDir Path home) {
        assertThat(DockerProbe.hints(Map.of(), home, "Linux"))
                .allMatch(hint -> hint.equals("/var/run/docker.sock")); // the host's socket is outside our control
    }

    @Test
    void shouldTakeDockerHostAndSocketsAsHints(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".docker/run"));
        Files.createFile(home.resolve(".docker/run/docker.sock"));

        assertThat(DockerProbe.hints(Map.of("DOCKER_HOST", "tcp://localhost:2375"), home, "Linux"))
                .contains("DOCKER_HOST", home.resolve(".docker/run/docker.sock").toString());
    }
}
