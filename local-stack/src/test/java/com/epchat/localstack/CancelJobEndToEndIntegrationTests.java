package com.epchat.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorScript;
import com.epchat.testsupport.SseTestClient;
import com.epchat.testsupport.SseTestClient.Event;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topics;
import com.epchat.topics.event.UsageEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code DELETE /api/jobs/{id}} in the middle of a stream, through the whole pipeline: the worker
 * stops the provider call, the stream ends with the job's final event (finish reason
 * {@code cancelled}), the partial output is billed, the job's status says CANCELLED and its last usage
 * event ({@code last: true}, which releases the reservation) is written.
 */
class CancelJobEndToEndIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int TOKENS = 1_200;
    static LocalStack stack;
    final SseTestClient sse = new SseTestClient();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startPipeline() {
        stack = SharedPipeline.stack();
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + stack.ingestPort() + path);
    }

    @Test
    void shouldStopTheJobBillThePartialOutputAndReleaseItsReservation() throws Exception {
        String user = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
        // 1,200 tokens at 20 per second: a minute, unless cancelled
        String prompt = "A long story to stop [[sim:tokens=" + TOKENS + ",tps=20]]";
        AtomicInteger chunks = new AtomicInteger();
        AtomicReference<String> jobId = new AtomicReference<>();
        CompletableFuture<SseTestClient.Response> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return sse.postWithBearer(uri("/api/generate"), stack.demoApiKey(), """
                        {"prompt":"%s","maxTokens":%d,"stream":true,"userId":"%s"}""".formatted(prompt, TOKENS, user),
                        Duration.ofSeconds(60), e -> {
                            if ("chunk".equals(e.name())) {
                                chunks.incrementAndGet();
                            }
                            if (e.isComment() && e.data().startsWith("job ")) {
                                jobId.set(e.data().substring(4));
                            }
                            return "done".equals(e.name()) || ("error".equals(e.name()) && e.id() != null);
                        });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> chunks.get() >= 20);
        String job = jobId.get();

        var cancel = http.send(HttpRequest.newBuilder(uri("/api/jobs/" + job))
                .header("Authorization", "Bearer " + stack.demoApiKey()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(cancel.statusCode()).isEqualTo(202);
        var response = stream.get(60, TimeUnit.SECONDS);
        List<Event> events = response.events().stream().filter(e -> e.id() != null).toList();
        Event last = events.get(events.size() - 1);
        JsonNode summary = JSON.readTree(last.data());
        assertThat(last.name()).isIn("done", "error");
        assertThat(List.of(summary.path("finishReason").asString(""), summary.path("code").asString("")))
                .contains("cancelled");
        String text = textOf(events);
        String full = SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt)));
        assertThat(full).startsWith(text);
        assertThat(text.length()).isLessThan(full.length());
        long billedOutput = summary.get("usage").get("output").asLong();
        assertThat(billedOutput).isPositive().isLessThan(TOKENS);
        assertThat(new BigDecimal(summary.get("cost").asString())).isPositive();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(JSON.readTree(http.send(
                HttpRequest.newBuilder(uri("/api/jobs/" + job)).header("Authorization", "Bearer " + stack.demoApiKey())
                        .build(), HttpResponse.BodyHandlers.ofString()).body()).get("state").asString())
                .isEqualTo("cancelled"));
        List<UsageEvent> usage = usageOf(job);
        assertThat(usage).last().extracting(UsageEvent::last).isEqualTo(true);
        assertThat(usage.stream().mapToLong(u -> u.tokens().output()).sum()).isEqualTo(billedOutput);
    }

    /** The job's usage events, once its last one (which releases the reservation) has been written. */
    List<UsageEvent> usageOf(String job) {
        List<UsageEvent> usage = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            usage.clear();
            try (var consumer = consumer()) {
                consumer.subscribe(List.of(Topics.USAGE.name()));
                for (int i = 0; i < 20; i++) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        UsageEvent u = Topics.USAGE.valueSerde().deserializer().deserialize(r.topic(), r.value());
                        if (u != null && job.equals(u.jobId())) {
                            usage.add(u);
                        }
                    });
                }
            }
            return usage.stream().anyMatch(UsageEvent::last);
        });
        return usage;
    }

    static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("cancel-test"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
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
