package com.epchat.flags.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagEdits;
import com.epchat.flags.FlagEdits.Change;
import com.epchat.flags.FlagStore;
import com.epchat.flags.FlagText;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.event.FeatureFlags;
import com.epchat.topics.serde.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ep backup} and {@code ./ep rollback} against a temporary deployment folder, with
 * {@code docker-compose} stood in by a script that records how it was called (no Docker engine here)
 * and the flags on a real broker.
 */
class EpScriptIntegrationTests {

    static final Path EP = Path.of("..", "ep").toAbsolutePath().normalize();
    static final String CONTAINERS = "[{\"Name\":\"ep-ingest-api-1\",\"State\":\"running\"},"
            + "{\"Name\":\"ep-kafka-1\",\"State\":\"running\"}]";
    static final FeatureFlags SEED = EnvironmentFlags.from(name -> null, "test", Instant.parse("2025-01-01T10:00:00Z"));

    @TempDir
    Path deploy;
    @TempDir
    Path bin;
    final String topic = TestKafka.uniqueName("ep.control.flags");
    final FlagStore flags = new FlagStore(Map.of("bootstrap.servers", TestKafka.bootstrapServers()), topic,
            Duration.ofSeconds(30));
    Path composeLog;
    String output;

    @BeforeEach
    void deployment() throws IOException {
        write(".env", "MODEL_NAME=deepseek-v3.1\nKAFKA_BOOTSTRAP_SERVERS=kafka:9092\n");
        write("docker-compose.yml", "services: {}\n");
        write("deploy/nginx/nginx.conf", "events {}\nhttp { proxy_read_timeout 3900s; }\n");
        composeLog = bin.resolve("compose.log");
        Path compose = bin.resolve("docker-compose");
        Files.writeString(compose, "#!/bin/sh\necho \"$(pwd) $*\" >> '" + composeLog + "'\n"
                + "if [ \"$1\" = ps ]; then echo '" + CONTAINERS + "'; fi\n");
        Files.setPosixFilePermissions(compose, PosixFilePermissions.fromString("rwxr-xr-x"));
        flags.update(latest -> Optional.of(SEED));
    }

    void write(String file, String text) throws IOException {
        Path path = deploy.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    String read(Path path) throws IOException {
        return Files.readString(path);
    }

    int ep(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", EP.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(deploy.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("EP_COMPOSE");
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("EP_DEPLOY_DIR", deploy.toString());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        env.put("EP_FLAGS_TOPIC", topic);
        env.put("EP_CLI_CLASSPATH", System.getProperty("java.class.path"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("USER", "ops");
        Process process = pb.start();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        output = new String(bytes, StandardCharsets.UTF_8);
        return process.exitValue();
    }

    List<String> composeCalls() throws IOException {
        return Files.exists(composeLog) ? Files.readAllLines(composeLog).stream()
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList() : List.of();
    }

    Path onlyBackup() throws IOException {
        try (Stream<Path> dirs = Files.list(deploy.resolve("backups"))) {
            List<Path> all = dirs.toList();
            assertThat(all).as("backups").hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void shouldSnapshotFilesFlagsAndContainersIntoATimestampedFolder() throws Exception {
        assertThat(ep("backup")).as(output).isZero();

        Path backup = onlyBackup();
        assertThat(backup.getFileName().toString()).matches("\\d{8}-\\d{6}");
        assertThat(read(backup.resolve(".env"))).isEqualTo(read(deploy.resolve(".env")));
        assertThat(read(backup.resolve("docker-compose.yml"))).isEqualTo(read(deploy.resolve("docker-compose.yml")));
        assertThat(read(backup.resolve("nginx.conf"))).isEqualTo(read(deploy.resolve("deploy/nginx/nginx.conf")));
        assertThat(Json.MAPPER.readValue(read(backup.resolve("flags.json")), FeatureFlags.class)).isEqualTo(SEED);
        assertThat(read(backup.resolve("containers.json")).strip()).isEqualTo(CONTAINERS);
        assertThat(read(backup.resolve("MANIFEST"))).contains("flags.json").contains("containers.json");
        assertThat(Files.readAllLines(composeLog)).containsExactly(deploy.toRealPath() + " ps --format json");
    }

    @Test
    void shouldRestoreTheLatestBackupItsFlagsAndRestartTheStack() throws Exception {
        assertThat(ep("backup")).as(output).isZero();
        String env = read(deploy.resolve(".env"));
        write(".env", "MODEL_NAME=deepseek-chat\n");
        write("deploy/nginx/nginx.conf", "events {}\n");
        flags.update(l -> Optional.of(FlagEdits.set(l.orElseThrow(), List.of("autoContinuation=off"),
                new Change("alice", "experiment", Instant.now()))));

        assertThat(ep("rollback", "--latest")).as(output).isZero();

        Path backup = onlyBackup();
        assertThat(read(deploy.resolve(".env"))).isEqualTo(env);
        assertThat(read(deploy.resolve("deploy/nginx/nginx.conf"))).isEqualTo(read(backup.resolve("nginx.conf")));
        assertThat(composeCalls()).containsExactly("ps --format json", "down", "up -d");
        FeatureFlags live = flags.read().orElseThrow();
        assertThat(FlagText.values(live)).isEqualTo(FlagText.values(SEED));
        assertThat(live.reason()).isEqualTo("rollback to " + backup.getFileName());
        assertThat(output).contains("restore    .env").contains("unchanged  docker-compose.yml")
                .contains("rolled back to " + backup.toRealPath());
    }

    @Test
    void shouldShowWhatARollbackWouldChangeOnADryRunAndChangeNothing() throws Exception {
        assertThat(ep("backup")).as(output).isZero();
        write(".env", "MODEL_NAME=deepseek-chat\n");
        flags.update(l -> Optional.of(FlagEdits.emergency(l.orElseThrow(), new Change("oncall", "", Instant.now()))));
        FeatureFlags before = flags.read().orElseThrow();

        assertThat(ep("rollback", onlyBackup().toString(), "--dry-run")).as(output).isZero();

        assertThat(output).contains("restore    .env", "-MODEL_NAME=deepseek-chat", "+MODEL_NAME=deepseek-v3.1",
                "unchanged  docker-compose.yml", "unchanged  deploy/nginx/nginx.conf", "containers at backup time: 2",
                "would change extendedContext false -> true", "dry run: nothing changed");
        assertThat(read(deploy.resolve(".env"))).isEqualTo("MODEL_NAME=deepseek-chat\n");
        assertThat(flags.read()).contains(before);
        assertThat(composeCalls()).containsExactly("ps --format json");
    }

    @Test
    void shouldRefuseAMissingIncompleteOrDamagedBackupAndChangeNothing() throws Exception {
        assertThat(ep("rollback", "--latest")).isEqualTo(2);
        assertThat(output).contains("refusing to roll back: no backup in").contains("nothing was changed");
        assertThat(ep("rollback", "backups/20240101-000000")).isEqualTo(2);
        assertThat(output).contains("no backup at backups/20240101-000000");

        assertThat(ep("backup")).as(output).isZero();
        Path backup = onlyBackup();
        write(".env", "MODEL_NAME=deepseek-chat\n");
        Files.writeString(backup.resolve("nginx.conf"), "events {}\n");
        assertThat(ep("rollback", backup.toString())).isEqualTo(2);
        assertThat(output).contains("is damaged");

        Files.delete(backup.resolve("flags.json"));
        assertThat(ep("rollback", "--latest")).isEqualTo(2);
        assertThat(output).contains("is incomplete: it has no flags.json");

        assertThat(read(deploy.resolve(".env"))).isEqualTo("MODEL_NAME=deepseek-chat\n");
        assertThat(flags.read()).contains(SEED);
        assertThat(composeCalls()).containsExactly("ps --format json");
    }

    @Test
    void shouldWriteNoBackupWithoutTheDeploymentsEnvFile() throws Exception {
        Files.delete(deploy.resolve(".env"));

        assertThat(ep("backup")).isEqualTo(2);

        assertThat(output).contains("no backup written").contains(".env");
        assertThat(deploy.resolve("backups")).doesNotExist();
    }

    @Test
    void shouldSwitchToEmergencyAndBackAndSetFlagsThroughTheScript() throws Exception {
        assertThat(ep("rollback", "--emergency", "--by", "oncall", "--reason", "incident 9")).as(output).isZero();
        assertThat(FlagText.values(flags.read().orElseThrow())).isEqualTo("extendedContext=false "
                + "autoContinuation=false longOutputGuard=true prometheus=true defaultModel=deepseek-chat budgetGuard=true");

        assertThat(ep("rollback", "--restore")).as(output).isZero();
        assertThat(FlagText.values(flags.read().orElseThrow())).isEqualTo(FlagText.values(SEED));

        assertThat(ep("flags", "set", "prometheus=off", "--reason", "scrape storm")).as(output).isZero();
        assertThat(ep("flags")).isZero();
        assertThat(output).contains("prometheus        false").contains("by ops at").contains("scrape storm");
        assertThat(composeCalls()).isEmpty();
    }
}
