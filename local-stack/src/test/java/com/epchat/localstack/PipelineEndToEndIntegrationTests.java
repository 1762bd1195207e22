package com.epchat.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorScript;
import com.epchat.testsupport.SseTestClient;
import com.epchat.testsupport.SseTestClient.Event;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline on a real broker: ingest-api, budget-streams, generation-worker and
 * cost-aggregator started as the local stack runs them, DeepSeek played by the simulator over HTTP.
 */
class PipelineEndToEndIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static LocalStack stack;
    final SseTestClient sse = new SseTestClient();

    @BeforeAll
    static void startPipeline() {
        // shared with the module's other end-to-end classes (see SharedPipeline); stopped at JVM exit
        stack = SharedPipeline.stack();
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + stack.ingestPort() + path);
    }

    @Test
    void shouldStreamTheSimulatorsWholeAnswerInOrderThenTheUsage() throws Exception {
        String prompt = "Tell me about Kafka [[sim:tokens=40]]";

        var response = sse.postWithBearer(uri("/api/generate"), stack.demoApiKey(), """
                {"prompt":"%s","model":"deepseek-v3.1","maxTokens":200,"stream":true,"userId":"e2e-user"}"""
                .formatted(prompt), Duration.ofSeconds(60), e -> "done".equals(e.name()) || "error".equals(e.name()));

        assertThat(response.status()).isEqualTo(200);
        List<Event> events = response.events().stream().filter(e -> !e.isComment()).toList();
        List<Event> chunks = events.stream().filter(e -> "chunk".equals(e.name())).toList();
        StringBuilder text = new StringBuilder();
        for (Event chunk : chunks) {
            text.append(JSON.readTree(chunk.data()).get("content").asString());
        }
        assertThat(text.toString()).isEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt))));
        assertThat(events.stream().map(Event::id).map(Long::parseLong).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        Event done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        JsonNode summary = JSON.readTree(done.data());
        assertThat(summary.get("finishReason").asString()).isEqualTo("stop");
        assertThat(summary.get("usage").get("output").asLong()).isEqualTo(40);
        assertThat(summary.get("apiModel").asString()).isEqualTo("deepseek-chat");
        long promptTokens = SimulatorScript.promptTokens(List.of(SimMessage.user(prompt)));
        long input = summary.get("usage").get("inputCacheHit").asLong() + summary.get("usage").get("inputCacheMiss").asLong();
        if (summary.get("rounds").asInt() == 1) {
            assertThat(input).isEqualTo(promptTokens);
        } else {
            // a call retried on a loaded machine: one cut mid-stream was billed (its prompt re-sent and billed
            // again), one refused before any output was not (the provider charges nothing for it)
            assertThat(input).isGreaterThanOrEqualTo(promptTokens);
        }
    }

    @Test
    void shouldAnswer202WithTheEventsUrlAndReplayTheJobFromKafka() throws Exception {
        String prompt = "An asynchronous job [[sim:tokens=12]]";
        var http = java.net.http.HttpClient.newHttpClient();
        var accepted = http.send(java.net.http.HttpRequest.newBuilder(uri("/api/generate"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.demoApiKey())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"prompt":"%s","maxTokens":100}""".formatted(prompt))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        String events = JSON.readTree(accepted.body()).get("events").asString();

        var first = sse.get(uri(events), stack.demoApiKey(), null, Duration.ofSeconds(60), e -> "done".equals(e.name()));
        var resumed = sse.get(uri(events), stack.demoApiKey(), "5", Duration.ofSeconds(60), e -> "done".equals(e.name()));

        String expected = SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt)));
        assertThat(textOf(first.events())).isEqualTo(expected);
        List<String> resumedIds = resumed.events().stream().filter(e -> e.id() != null).map(Event::id).toList();
        assertThat(resumedIds).first().isEqualTo("6");
        assertThat(textOf(first.events().stream().filter(e -> e.id() != null && Long.parseLong(e.id()) <= 5).toList())
                + textOf(resumed.events())).isEqualTo(expected);
    }

    static String textOf(List<Event> events) {
        StringBuilder text = new StringBuilder();
        for (Event e : events) {
            if ("chunk".equals(e.name())) {
                text.append(JSON.readTree(e.data()).get("content").asString());
            }
        }
        return text.toString();
    }
}
