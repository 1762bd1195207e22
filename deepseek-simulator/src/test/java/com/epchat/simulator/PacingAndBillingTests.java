package com.epchat.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static com.epchat.simulator.SimHttp.chat;
import static com.epchat.simulator.SimHttp.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Token rate and first-token delay are honoured, and SimulatorStats bills what the responses reported. */
class PacingAndBillingTests {

    private static DeepSeekSimulator simulator;
    private static SimHttp http;

    @BeforeAll
    static void start() {
        simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                .withFirstTokenDelay(Duration.ZERO).withTokensPerSecond(100));
        http = new SimHttp(simulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void shouldPaceTokensAtTheConfiguredRate() {
        long started = System.nanoTime();
        List<JsonNode> chunks = SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, null, user("Pace me [[sim:tokens=20]]"))));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(chunks).hasSize(1 + 20 + 1);
        // 20 tokens at 100 tok/s: 19 gaps of 10 ms after the first
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void shouldHonourPerRequestRateAndFirstTokenDelayDirectives() {
        long started = System.nanoTime();
        List<JsonNode> chunks = SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, null, user("Slow start [[sim:tokens=10,tps=0,ttft_ms=300]]"))));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(chunks).hasSize(1 + 10 + 1);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldCountBilledTokensLikeTheUsageTheClientsReceived() {
        SimulatorStats before = simulator.stats();

        JsonNode streamed = last(SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, null, user("Bill me [[sim:tokens=15,tps=0]]"))))).path("usage");
        JsonNode blocking = SimHttp.json(http.post("/chat/completions",
                chat("deepseek-reasoner", false, 40, user("Bill me too [[sim:tokens=15,tps=0]]")))).path("usage");

        long prompt = streamed.path("prompt_tokens").longValue() + blocking.path("prompt_tokens").longValue();
        long completion = streamed.path("completion_tokens").longValue() + blocking.path("completion_tokens").longValue();
        assertThat(completion).isEqualTo(15 + 10 + 15);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            SimulatorStats after = simulator.stats();
            assertThat(after.requests() - before.requests()).isEqualTo(2);
            assertThat(after.completionsStarted() - before.completionsStarted()).isEqualTo(2);
            assertThat(after.promptTokens() - before.promptTokens()).isEqualTo(prompt);
            assertThat(after.completionTokens() - before.completionTokens()).isEqualTo(completion);
        });
    }

    private static JsonNode last(List<JsonNode> chunks) {
        return chunks.get(chunks.size() - 1);
    }
}
