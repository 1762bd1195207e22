package com.epchat.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Settings defaults, environment overrides and that the API key never shows in toString. */
class SettingsTests {

    @Test
    void shouldUseTheDocumentedDefaults() {
        assertThat(SimulatorSettings.defaults()).isEqualTo(new SimulatorSettings(3999, Duration.ofMillis(300), 50,
                Duration.ofMillis(100), List.of("deepseek-chat", "deepseek-reasoner"), null));
    }

    @Test
    void shouldReadTheEnvironmentAndNameTheBadVariable() {
        SimulatorSettings settings = EnvironmentSettings.from(Map.of("SIMULATOR_PORT", "4100",
                "SIMULATOR_TOKENS_PER_SECOND", "0", "SIMULATOR_FIRST_TOKEN_DELAY_MS", "20",
                "SIMULATOR_MODELS", "deepseek-v4-flash, deepseek-v4-pro"));

        assertThat(settings).isEqualTo(SimulatorSettings.defaults().withPort(4100).withTokensPerSecond(0)
                .withFirstTokenDelay(Duration.ofMillis(20)).withModels(List.of("deepseek-v4-flash", "deepseek-v4-pro")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EnvironmentSettings.from(Map.of("SIMULATOR_PORT", "many")))
                .withMessageContaining("SIMULATOR_PORT");
    }

    @Test
    void shouldNeverPrintTheApiKey() {
        assertThat(SimulatorSettings.defaults().withApiKey("sk-very-secret").toString())
                .doesNotContain("sk-very-secret").contains("****");
    }
}
