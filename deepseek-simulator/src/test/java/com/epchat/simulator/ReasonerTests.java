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

/** deepseek-reasoner: reasoning_content deltas first, counted in completion_tokens and against max_tokens. */
class ReasonerTests {

    private static DeepSeekSimulator simulator;
    private static SimHttp http;

    @BeforeAll
    static void start() {
        simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                .withFirstTokenDelay(Duration.ZERO).withTokensPerSecond(0));
        http = new SimHttp(simulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void shouldStreamReasoningContentFirstThenContentAndReportReasoningTokens() {
        List<SimMessage> conversation = List.of(SimMessage.user("Think first [[sim:tokens=400]]"));

        List<JsonNode> chunks = SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-reasoner", true, 100, user(conversation.get(0).content()))));

        List<JsonNode> deltas = chunks.subList(1, chunks.size() - 1).stream()
                .map(chunk -> chunk.path("choices").path(0).path("delta")).toList();
        assertThat(deltas).hasSize(100);
        StringBuilder reasoning = new StringBuilder();
        for (JsonNode delta : deltas.subList(0, 25)) {
            assertThat(delta.path("content").isNull()).isTrue();
            reasoning.append(delta.path("reasoning_content").asString());
        }
        assertThat(deltas.subList(25, 100)).allSatisfy(delta -> assertThat(delta.path("content").isString()).isTrue());
        assertThat(reasoning.toString())
                .isEqualTo(String.join("", SimulatorScript.reasoningTokens(conversation).subList(0, 25)));
        assertThat(SimHttp.content(chunks))
                .isEqualTo(String.join("", SimulatorScript.answerTokens(conversation).subList(0, 75)));
        JsonNode usage = chunks.get(chunks.size() - 1).path("usage");
        assertThat(usage.path("completion_tokens").longValue()).isEqualTo(100);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").longValue()).isEqualTo(25);
        assertThat(SimHttp.finishReason(chunks)).isEqualTo("length");
    }

    @Test
    void shouldReturnFullReasoningInTheNonStreamingMessage() {
        List<SimMessage> conversation = List.of(SimMessage.user("Think briefly [[sim:tokens=10]]"));

        JsonNode completion = SimHttp.json(http.post("/chat/completions",
                chat("deepseek-reasoner", false, null, user(conversation.get(0).content()))));

        JsonNode message = completion.path("choices").path(0).path("message");
        assertThat(message.path("reasoning_content").asString()).isEqualTo(SimulatorScript.fullReasoning(conversation));
        assertThat(message.path("content").asString()).isEqualTo(SimulatorScript.fullAnswer(conversation));
        assertThat(completion.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(completion.path("usage").path("completion_tokens").longValue()).isEqualTo(50 + 10);
        assertThat(completion.path("usage").path("completion_tokens_details").path("reasoning_tokens").longValue())
                .isEqualTo(50);
    }
}
