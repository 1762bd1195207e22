package com.epchat.bench;

import com.epchat.localstack.LocalStack;
import com.epchat.localstack.LocalStack.LocalStackSettings;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.testsupport.SseTestClient;
import com.epchat.testsupport.TestKafka;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Time to first token through the whole pipeline (POST /api/generate → first SSE {@code chunk})
 * against the same client reading the simulator directly (POST /chat/completions → first
 * {@code data:} chunk with content), same prompt shape, same simulator, alternating, in one run.
 *
 * <pre>./mvnw -q -pl bench -am -DskipTests package exec:java -Dexec.mainClass=com.epchat.bench.TimeToFirstTokenBench [-Dexec.args=N]</pre>
 */
public final class TimeToFirstTokenBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Duration ttft = Duration.ofMillis(300);
        try (DeepSeekSimulator simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                .withTokensPerSecond(50).withFirstTokenDelay(ttft));
                LocalStack stack = new LocalStack()) {
            stack.start(LocalStackSettings.forTests(TestKafka.bootstrapServers(), simulator.baseUrl(),
                    Files.createTempDirectory("ep-bench-state")));
            SseTestClient sse = new SseTestClient();
            URI pipeline = URI.create("http://localhost:" + stack.ingestPort() + "/api/generate");
            URI direct = URI.create(simulator.baseUrl() + "/chat/completions");
            List<Long> viaPipeline = new ArrayList<>();
            List<Long> viaSimulator = new ArrayList<>();
            for (int i = -5; i < rounds; i++) { // five warm-up rounds are not counted
                String prompt = "Benchmark prompt number " + i + " [[sim:tokens=5]]";
                long direct0 = System.nanoTime();
                var d = sse.postWithBearer(direct, "bench-key", """
                        {"model":"deepseek-chat","stream":true,"max_tokens":50,"messages":[{"role":"user","content":"%s"}]}"""
                        .formatted(prompt + " direct"), Duration.ofSeconds(30),
                        e -> e.data() != null && e.data().contains("\"content\":\"") && !e.data().contains("\"content\":\"\""));
                long directFirst = firstDataWithContent(d) - direct0;
                long pipe0 = System.nanoTime();
                var p = sse.postWithBearer(pipeline, stack.demoApiKey(), """
                        {"prompt":"%s","maxTokens":50,"stream":true,"userId":"bench"}""".formatted(prompt),
                        Duration.ofSeconds(30), e -> "chunk".equals(e.name()));
                long pipeFirst = p.events().stream().filter(e -> "chunk".equals(e.name())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no chunk: " + p.body())).receivedNanos() - pipe0;
                if (i >= 0) {
                    viaSimulator.add(directFirst);
                    viaPipeline.add(pipeFirst);
                }
            }
            Percentiles s = Percentiles.ofNanos(viaSimulator);
            Percentiles p = Percentiles.ofNanos(viaPipeline);
            System.out.printf("%nTime to first token, simulator first-token delay %d ms, %d requests each%n",
                    ttft.toMillis(), rounds);
            System.out.println("  direct from the simulator : " + s);
            System.out.println("  through the pipeline      : " + p);
            System.out.printf("  pipeline overhead p50 %.1f ms, p90 %.1f ms%n", p.p50() - s.p50(), p.p90() - s.p90());
        }
        System.exit(0);
    }

    private static long firstDataWithContent(SseTestClient.Response response) {
        return response.events().stream()
                .filter(e -> e.data() != null && e.data().contains("\"content\":\"") && !e.data().contains("\"content\":\"\""))
                .findFirst().orElseThrow(() -> new IllegalStateException("no content chunk: " + response.body()))
                .receivedNanos();
    }
}
