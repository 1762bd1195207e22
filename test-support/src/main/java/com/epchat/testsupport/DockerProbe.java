package com.epchat.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Answers "is a Docker engine reachable?" fast and quietly. In: the environment and the file system. Out: a
 * boolean. Testcontainers' own discovery tries several strategies and logs an ERROR listing each failure, so it
 * only runs when something suggests Docker is there (a DOCKER_HOST, a Testcontainers config, a known socket
 * file, or Windows' named pipe); on a machine without any of these the answer is an immediate {@code false}.
 */
final class DockerProbe {

    private static final Logger log = LoggerFactory.getLogger(DockerProbe.class);
    private static final long PROBE_TIMEOUT_SECONDS = 10;

    private DockerProbe() {
    }

    static boolean dockerAvailable() {
        List<String> hints = hints(System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("os.name", ""));
        if (hints.isEmpty()) {
            log.debug("No Docker engine hint (DOCKER_HOST, ~/.testcontainers.properties, docker.sock): skipping probe");
            return false;
        }
        log.debug("Docker engine hints {}: asking Testcontainers", hints);
        // Bounded: a half-dead engine must not stall every test JVM.
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(DockerProbe::askTestcontainers);
        try {
            return probe.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.info("Docker probe gave no answer within {} s ({}); treating Docker as unavailable",
                    PROBE_TIMEOUT_SECONDS, e.getClass().getSimpleName());
            return false;
        }
    }

    /** Places where Docker clients (and Testcontainers' strategies) look for an engine. */
    static List<String> hints(Map<String, String> env, Path home, String osName) {
        List<String> found = new ArrayList<>();
        if (!env.getOrDefault("DOCKER_HOST", "").isBlank()) {
            found.add("DOCKER_HOST");
        }
        if (osName.startsWith("Windows")) {
            found.add("Windows named pipe");
        }
        List<Path> candidates = new ArrayList<>(List.of(
                home.resolve(".testcontainers.properties"),
                Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock")));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
        }
        candidates.stream().filter(Files::exists).map(Path::toString).forEach(found::add);
        return found;
    }

    private static boolean askTestcontainers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("Testcontainers could not reach Docker", e);
            return false;
        }
    }
}
