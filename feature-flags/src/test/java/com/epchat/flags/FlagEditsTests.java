package com.epchat.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.epchat.flags.FlagEdits.Change;
import com.epchat.topics.event.FeatureFlags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operators' changes to the flags, without Kafka. */
class FlagEditsTests {

    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    static final FeatureFlags START = new FeatureFlags(true, true, true, true, "deepseek-v3.1", false, "environment",
            "start", T0, null);
    static final Change BY_ALICE = new Change("alice", "incident 42", T0.plusSeconds(60));

    @Test
    void shouldSetFlagsByNameOrVariableAndKeepTheStateBeforeAsPrevious() {
        FeatureFlags next = FlagEdits.set(START, List.of("autoContinuation=off", "MODEL_NAME=deepseek-reasoner"),
                BY_ALICE);

        assertThat(next).isEqualTo(new FeatureFlags(true, false, true, true, "deepseek-reasoner", false, "alice",
                "incident 42", T0.plusSeconds(60), START));
    }

    @Test
    void shouldRefuseAnUnknownFlagOrAValueThatMakesNoSenseNamingIt() {
        assertThatThrownBy(() -> FlagEdits.set(START, List.of("turbo=on"), BY_ALICE))
                .hasMessageContaining("no flag 'turbo'");
        assertThatThrownBy(() -> FlagEdits.set(START, List.of("EP_128K_MODE=maybe"), BY_ALICE))
                .hasMessage("EP_128K_MODE must be enabled/disabled (or true/false, on/off), was 'maybe'");
        assertThatThrownBy(() -> FlagEdits.set(START, List.of("defaultModel=gpt-4"), BY_ALICE))
                .hasMessageContaining("defaultModel must be one of").hasMessageContaining("was 'gpt-4'");
        assertThatThrownBy(() -> FlagEdits.set(START, List.of("autoContinuation"), BY_ALICE))
                .hasMessageContaining("NAME=VALUE");
    }

    @Test
    void shouldSwitchToTheLegacyPipelineInAnEmergencyAndBackOnRestore() {
        FeatureFlags emergency = FlagEdits.emergency(START, BY_ALICE);

        assertThat(emergency).isEqualTo(new FeatureFlags(false, false, true, true, "deepseek-chat", true, "alice",
                "incident 42", T0.plusSeconds(60), START));

        FeatureFlags restored = FlagEdits.restore(emergency, new Change("bob", "fixed", T0.plusSeconds(120)));

        assertThat(FlagText.values(restored)).isEqualTo(FlagText.values(START));
        assertThat(restored.previous()).isEqualTo(FlagEdits.withoutHistory(emergency));
        assertThat(restored.changedBy()).isEqualTo("bob");
    }

    @Test
    void shouldKeepOneLevelOfHistorySoTheRecordStaysSmall() {
        FeatureFlags twice = FlagEdits.set(FlagEdits.emergency(START, BY_ALICE), List.of("prometheus=off"), BY_ALICE);

        assertThat(twice.previous().previous()).isNull();
    }

    @Test
    void shouldRefuseToRestoreWithoutAPreviousState() {
        assertThatThrownBy(() -> FlagEdits.restore(START, BY_ALICE)).hasMessageContaining("no previous state");
    }

    @Test
    void shouldRefuseToApplyASavedStateWithAnUnknownModel() {
        FeatureFlags saved = new FeatureFlags(true, true, true, true, "gpt-4", false, "x", null, T0, null);

        assertThatThrownBy(() -> FlagEdits.apply(START, saved, BY_ALICE)).hasMessageContaining("gpt-4");
    }

    @Test
    void shouldReadStartValuesFromTheEnvironmentWithTheGuidesDefaults() {
        FeatureFlags flags = EnvironmentFlags.from(Map.of("EP_AUTO_CONTINUATION", "false", "EP_128K_MODE", "disabled")::get,
                "test", T0);

        assertThat(flags).isEqualTo(new FeatureFlags(false, false, true, true, "deepseek-v3.1", false, "environment",
                "start values from the environment of test", T0, null));
    }

    @Test
    void shouldRefuseANonsenseStartValueNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> EnvironmentFlags.from(Map.of("MODEL_NAME", "gpt-4")::get, "test", T0))
                .hasMessage("MODEL_NAME must be one of " + Flag.MODELS + ", was 'gpt-4'");
        assertThatThrownBy(() -> EnvironmentFlags.from(Map.of("PROM_ENABLED", "yes please")::get, "test", T0))
                .hasMessageStartingWith("PROM_ENABLED must be").hasMessageContaining("'yes please'");
    }

    @Test
    void shouldDescribeOnlyTheFlagsThatChanged() {
        assertThat(FlagText.diff(START, FlagEdits.emergency(START, BY_ALICE))).containsExactly(
                "extendedContext true -> false", "autoContinuation true -> false",
                "defaultModel deepseek-v3.1 -> deepseek-chat", "budgetGuard false -> true");
    }
}
