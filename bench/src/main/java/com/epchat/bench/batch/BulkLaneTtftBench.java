package com.epchat.bench.batch;

import com.epchat.bench.Percentiles;
import com.epchat.localstack.LocalStack;
import com.epchat.localstack.LocalStack.LocalStackSettings;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.testsupport.SseTestClient;
import com.epchat.testsupport.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interactive time to first token (POST /api/generate → first SSE {@code chunk}) with an empty bulk
 * queue and with a batch of N items queued behind a busy bulk lane, in one run, on one stack:
 * empty → batch submitted and running → batch cancelled → empty again.
 * Bulk items are slow (20 tokens/s, 400 tokens) so the bulk lane's slots stay taken and the batch's
 * items stay queued while the interactive requests are measured; budgets are raised so no bulk
 * item is rejected (a rejected item would leave the queue).
 *
 * <pre>java -cp ... com.epchat.bench.batch.BulkLaneTtftBench [rounds] [items]</pre>
 */
public final class BulkLaneTtftBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        // system properties outrank the services' defaults: budgets out of reach for this run only
        System.setProperty("BUDGET_USER_DAILY_USD", "1000000");
        System.setProperty("BUDGET_SITE_HOURLY_USD", "1000000");
        Duration ttft = Duration.ofMillis(300);
        try (DeepSeekSimulator simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                .withTokensPerSecond(50).withFirstTokenDelay(ttft));
                LocalStack stack = new LocalStack()) {
            stack.start(LocalStackSettings.forTests(TestKafka.bootstrapServers(), simulator.baseUrl(),
                    Files.createTempDirectory("ep-bench-state")));
            Bench bench = new Bench(stack);
            bench.measure("warm-up", 5);
            Percentiles empty = bench.measure("empty bulk queue", rounds);

            String batch = bench.submit(items);
            JsonNode running = bench.awaitBatch(batch, b -> b.path("counts").path("running").asInt() > 0, Duration.ofMinutes(5));
            Percentiles queued = bench.measure("bulk queued", rounds);
            JsonNode after = bench.batch(batch);

            bench.cancel(batch);
            bench.awaitBatch(batch, b -> "cancelled".equals(b.path("status").asString()), Duration.ofMinutes(5));
            Percentiles emptyAgain = bench.measure("empty again", rounds);

            System.out.printf("%nInteractive time to first token, simulator first-token delay %d ms, %d requests each%n",
                    ttft.toMillis(), rounds);
            System.out.println("  bulk queue empty           : " + empty);
            System.out.printf("  %,d bulk items queued      : %s%n", items, queued);
            System.out.println("  bulk queue empty again     : " + emptyAgain);
            System.out.printf("  batch while measuring: pending %d → %d, running %d → %d%n",
                    running.path("counts").path("pending").asInt(), after.path("counts").path("pending").asInt(),
                    running.path("counts").path("running").asInt(), after.path("counts").path("running").asInt());
            double baseline = (empty.p50() + emptyAgain.p50()) / 2;
            System.out.printf("  queued vs empty: p50 %+.1f %% (%.1f vs %.1f ms), p90 %+.1f %%%n",
                    (queued.p50() / baseline - 1) * 100, queued.p50(), baseline,
                    (queued.p90() / ((empty.p90() + emptyAgain.p90()) / 2) - 1) * 100);
        }
        System.exit(0);
    }

    /** The stack's HTTP edge as a client sees it. */
    private record Bench(LocalStack stack, URI base, SseTestClient sse) {

        Bench(LocalStack stack) {
            this(stack, URI.create("http://localhost:" + stack.ingestPort()), new SseTestClient());
        }

        Percentiles measure(String phase, int rounds) throws Exception {
            List<Long> firstTokens = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String prompt = "Interactive " + phase + " " + i + " [[sim:tokens=5]]";
                long t0 = System.nanoTime();
                var answer = sse.postWithBearer(base.resolve("/api/generate"), stack.demoApiKey(), """
                        {"prompt":"%s","maxTokens":50,"stream":true}""".formatted(prompt),
                        Duration.ofSeconds(60), e -> "chunk".equals(e.name()));
                firstTokens.add(answer.events().stream().filter(e -> "chunk".equals(e.name())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no chunk: " + answer.body()))
                        .receivedNanos() - t0);
            }
            return Percentiles.ofNanos(firstTokens);
        }

        String submit(int items) throws Exception {
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < items; i++) {
                jsonl.append("{\"custom_id\":\"item-").append(i).append("\",\"body\":{\"prompt\":\"Bulk item ").append(i)
                        .append(" [[sim:tokens=400]] [[sim:tps=20]]\",\"maxTokens\":400}}\n");
            }
            HttpResponse<String> answer = HTTP.send(request("/api/batches")
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(jsonl.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("batch refused: " + answer.statusCode() + " " + answer.body());
            }
            return JSON.readTree(answer.body()).path("id").asString();
        }

        JsonNode batch(String id) throws Exception {
            return JSON.readTree(HTTP.send(request("/api/batches/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }

        void cancel(String id) throws Exception {
            HTTP.send(request("/api/batches/" + id + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }

        JsonNode awaitBatch(String id, java.util.function.Predicate<JsonNode> condition, Duration timeout)
                throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode state = batch(id);
                if (condition.test(state)) {
                    return state;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("batch " + id + " did not get there in " + timeout + ": " + batch(id));
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + stack.demoApiKey());
        }
    }
}
