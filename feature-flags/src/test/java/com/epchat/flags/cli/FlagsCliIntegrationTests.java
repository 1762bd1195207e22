package com.epchat.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagStore;
import com.epchat.flags.FlagText;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.event.FeatureFlags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags tool behind {@code ./ep flags} and {@code ./ep rollback --emergency/--restore}, on a real broker. */
class FlagsCliIntegrationTests {

    static final FeatureFlags SEED = EnvironmentFlags.from(name -> null, "test", Instant.parse("2025-01-01T10:00:00Z"));

    final String topic = TestKafka.uniqueName("ep.control.flags");
    final FlagStore store = new FlagStore(Map.of("bootstrap.servers", TestKafka.bootstrapServers()), topic,
            Duration.ofSeconds(30));
    String out;
    String err;

    @BeforeEach
    void seed() {
        store.update(latest -> Optional.of(SEED));
    }

    int ep(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", TestKafka.bootstrapServers(), "--topic", topic));
        all.addAll(List.of(args));
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int status = FlagsCli.run(all.toArray(String[]::new), Map.of("USER", "ops"),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    FeatureFlags live() {
        return store.read().orElseThrow();
    }

    @Test
    void shouldShowEachFlagWithItsVariableAndWhoSetIt() {
        assertThat(ep("show")).isZero();

        assertThat(out).contains("autoContinuation  true            start value from EP_AUTO_CONTINUATION")
                .contains("defaultModel      deepseek-v3.1   start value from MODEL_NAME")
                .contains("set by environment at 2025-01-01T10:00:00Z").contains("previous: none");
    }

    @Test
    void shouldChangeTheNamedFlagsAndSayWhoChangedThemAndWhy() {
        int status = ep("set", "autoContinuation=off", "EP_128K_MODE=disabled", "--by", "alice", "--reason", "incident 7");

        assertThat(status).isZero();
        assertThat(out).contains("changed extendedContext true -> false, autoContinuation true -> false");
        FeatureFlags live = live();
        assertThat(FlagText.values(live)).isEqualTo("extendedContext=false autoContinuation=false longOutputGuard=true "
                + "prometheus=true defaultModel=deepseek-v3.1 budgetGuard=false");
        assertThat(live.changedBy()).isEqualTo("alice");
        assertThat(live.reason()).isEqualTo("incident 7");
        assertThat(live.previous()).isEqualTo(SEED);
    }

    @Test
    void shouldWriteNothingOnADryRunOrAWrongValue() {
        assertThat(ep("set", "autoContinuation=off", "--dry-run")).isZero();
        assertThat(out).contains("dry run, nothing written: would change autoContinuation true -> false");

        assertThat(ep("set", "EP_128K_MODE=sometimes")).isEqualTo(2);
        assertThat(err).contains("EP_128K_MODE must be enabled/disabled").contains("'sometimes'");

        assertThat(ep("rollback")).isEqualTo(2);
        assertThat(live()).isEqualTo(SEED);
    }

    @Test
    void shouldSwitchToTheLegacyPipelineInAnEmergencyAndRestoreThePreviousFlags() {
        assertThat(ep("emergency", "--by", "oncall")).isZero();

        FeatureFlags emergency = live();
        assertThat(FlagText.values(emergency)).isEqualTo("extendedContext=false autoContinuation=false "
                + "longOutputGuard=true prometheus=true defaultModel=deepseek-chat budgetGuard=true");
        assertThat(emergency.changedBy()).isEqualTo("oncall");
        assertThat(emergency.reason()).isEqualTo("emergency rollback");

        assertThat(ep("restore")).isZero();

        assertThat(FlagText.values(live())).isEqualTo(FlagText.values(SEED));
        assertThat(live().changedBy()).isEqualTo("ops");
    }

    @Test
    void shouldExportAStateAndApplyItBack(@TempDir Path dir) throws Exception {
        assertThat(ep("export")).isZero();
        Path saved = dir.resolve("flags.json");
        Files.writeString(saved, out);
        ep("set", "prometheus=off", "defaultModel=deepseek-reasoner");

        assertThat(ep("apply", saved.toString(), "--by", "restorer")).isZero();

        assertThat(FlagText.values(live())).isEqualTo(FlagText.values(SEED));
        assertThat(live().changedBy()).isEqualTo("restorer");
    }

    @Test
    void shouldRefuseASavedStateThatIsNotOne(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("flags.json"), "{\"defaultModel\":");
        Path unknownModel = Files.writeString(dir.resolve("other.json"), "{\"extendedContext\":true,"
                + "\"autoContinuation\":true,\"longOutputGuard\":true,\"prometheus\":true,\"defaultModel\":\"gpt-4\","
                + "\"budgetGuard\":false,\"changedBy\":\"x\"}");

        assertThat(ep("check", broken.toString())).isEqualTo(2);
        assertThat(err).contains("is not a saved flag state");
        assertThat(ep("apply", unknownModel.toString())).isEqualTo(2);
        assertThat(err).contains("defaultModel must be one of");
        assertThat(live()).isEqualTo(SEED);
    }

    @Test
    void shouldStartFromTheEnvironmentsValuesOnATopicNoServiceWroteYet() {
        String fresh = TestKafka.uniqueName("ep.control.flags");
        int status = FlagsCli.run(new String[] {"--bootstrap-servers", TestKafka.bootstrapServers(), "--topic", fresh,
            "set", "prometheus=off"}, Map.of("EP_AUTO_CONTINUATION", "false", "USER", "ops"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

        assertThat(status).isZero();
        FeatureFlags written = new FlagStore(Map.of("bootstrap.servers", TestKafka.bootstrapServers()), fresh,
                Duration.ofSeconds(30)).read().orElseThrow();
        assertThat(FlagText.values(written)).isEqualTo("extendedContext=true autoContinuation=false "
                + "longOutputGuard=true prometheus=false defaultModel=deepseek-v3.1 budgetGuard=false");
    }

    @Test
    void shouldSayWhereKafkaCouldNotBeReached() {
        var stderr = new ByteArrayOutputStream();
        int status = FlagsCli.run(new String[] {"--bootstrap-servers", "localhost:1", "--timeout", "2", "show"},
                Map.of(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("cannot reach Kafka at localhost:1");
    }
}
