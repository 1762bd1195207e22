package com.epchat.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code prometheus} package, installed by {@code .ci/compose-check})
 * started on a free port with the repository's {@code deploy/prometheus} files, the targets rewritten
 * to the local stack's ports and the intervals shortened to one second. Queried over its HTTP API.
 */
final class RealPrometheus implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    private RealPrometheus(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** The binary, or a failure saying how to get it: this test is never skipped. */
    static Path binary() {
        Optional<Path> found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                        Stream.of("/usr/bin", "/usr/local/bin"))
                .map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable).findFirst();
        assertThat(found).as("the prometheus binary (Debian package prometheus; .ci/compose-check installs it)")
                .isPresent();
        return found.get();
    }

    /** @param targets service name (as in prometheus.yml, e.g. {@code ingest-api:3000}) → local port */
    static RealPrometheus start(Path deployDir, Map<String, Integer> targets, Path workDir) throws IOException {
        String config = Files.readString(deployDir.resolve("prometheus.yml"))
                .replace("scrape_interval: 30s", "scrape_interval: 1s")
                .replace("evaluation_interval: 30s", "evaluation_interval: 1s");
        for (var target : targets.entrySet()) {
            assertThat(config).contains("\"" + target.getKey() + "\"");
            config = config.replace("\"" + target.getKey() + "\"", "\"localhost:" + target.getValue() + "\"");
        }
        Files.writeString(workDir.resolve("prometheus.yml"), config);
        Files.copy(deployDir.resolve("alerts.yml"), workDir.resolve("alerts.yml"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary().toString(),
                "--config.file=" + workDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("prometheus.log").toFile()).start();
        RealPrometheus prometheus = new RealPrometheus(process, URI.create("http://127.0.0.1:" + port));
        Awaitility.await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    assertThat(process.isAlive()).as("prometheus runs; see " + workDir.resolve("prometheus.log"))
                            .isTrue();
                    return prometheus.get("/-/ready").statusCode() == 200;
                });
        return prometheus;
    }

    /** The {@code data.result} of an instant query. */
    JsonNode query(String promQl) throws IOException, InterruptedException {
        var response = get("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asString()).as(response.body()).isEqualTo("success");
        return body.get("data").get("result");
    }

    JsonNode rules() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/rules").body()).get("data").get("groups");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
