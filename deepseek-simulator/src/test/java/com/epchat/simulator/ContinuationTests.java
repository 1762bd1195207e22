package com.epchat.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.epchat.simulator.SimHttp.assistant;
import static com.epchat.simulator.SimHttp.chat;
import static com.epchat.simulator.SimHttp.prefix;
import static com.epchat.simulator.SimHttp.user;
import static org.assertj.core.api.Assertions.assertThat;

/** finish_reason length, beta prefix completion, the "continue" fallback and the cache hits continuation gets. */
class ContinuationTests {

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
    void shouldContinueOnBetaWithPrefixUntilExactlyTheFullAnswer() {
        String question = "Write a long story about a lantern [[sim:tokens=120]]";
        String expected = SimulatorScript.fullAnswer(List.of(SimMessage.user(question)));
        StringBuilder text = new StringBuilder();
        List<String> finishReasons = new ArrayList<>();
        List<Long> cacheHits = new ArrayList<>();

        do {
            Object[] messages = text.isEmpty() ? new Object[]{user(question)}
                    : new Object[]{user(question), prefix(text.toString())};
            List<JsonNode> chunks = SimHttp.chunks(http.lines("/beta/chat/completions",
                    chat("deepseek-chat", true, 50, messages)));
            text.append(SimHttp.content(chunks));
            finishReasons.add(SimHttp.finishReason(chunks));
            cacheHits.add(chunks.get(chunks.size() - 1).path("usage").path("prompt_cache_hit_tokens").longValue());
        } while ("length".equals(finishReasons.get(finishReasons.size() - 1)));

        assertThat(text.toString()).isEqualTo(expected);
        assertThat(finishReasons).containsExactly("length", "length", "stop");
        // round 3 re-sends round 2's prompt plus more prefix text: that prompt (>= 64 tokens) is a cache hit
        assertThat(cacheHits.get(2)).isPositive();
    }

    @Test
    void shouldStopAtMaxTokensWithFinishReasonLength() {
        List<SimMessage> conversation = List.of(SimMessage.user("Short cut [[sim:tokens=30]]"));

        List<JsonNode> chunks = SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, 29, user(conversation.get(0).content()))));
        List<JsonNode> exact = SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, 30, user(conversation.get(0).content()))));

        assertThat(SimHttp.finishReason(chunks)).isEqualTo("length");
        assertThat(SimHttp.content(chunks))
                .isEqualTo(String.join("", SimulatorScript.answerTokens(conversation).subList(0, 29)));
        assertThat(SimHttp.finishReason(exact)).isEqualTo("stop");
    }

    @Test
    void shouldRejectPrefixCompletionOutsideTheBetaEndpoint() {
        String body = chat("deepseek-chat", true, 10, user("Hi [[sim:tokens=20]]"), prefix(""));

        HttpResponse<String> plain = http.post("/chat/completions", body);
        HttpResponse<String> v1 = http.post("/v1/chat/completions", body);

        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(plain).path("error").path("message").asString()).contains("beta");
        assertThat(v1.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRejectAPrefixThatIsNotTheScriptedAnswer() {
        List<SimMessage> conversation = List.of(SimMessage.user("Mismatch [[sim:tokens=20]]"));
        String firstTwo = String.join("", SimulatorScript.answerTokens(conversation).subList(0, 2));

        HttpResponse<String> wrong = http.post("/beta/chat/completions",
                chat("deepseek-chat", false, 5, user(conversation.get(0).content()), prefix("Not the answer ")));
        HttpResponse<String> trimmed = http.post("/beta/chat/completions",
                chat("deepseek-chat", false, 5, user(conversation.get(0).content()), prefix(firstTwo.strip())));

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(wrong).path("error").path("message").asString()).contains("prefix does not match");
        assertThat(trimmed.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldContinueTheSameAnswerWithTheContinueTurnFallback() {
        String question = "Explain budgets [[sim:tokens=100]]";
        List<String> answer = SimulatorScript.answerTokens(List.of(SimMessage.user(question)));

        String first = SimHttp.content(SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, 40, user(question)))));
        List<JsonNode> second = SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, 40, user(question), assistant(first), user("continue"))));
        String third = SimHttp.content(SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, 40, user(question), assistant(first), user("continue"),
                        assistant(SimHttp.content(second)), user("continue")))));

        assertThat(first).isEqualTo(String.join("", answer.subList(0, 40)));
        assertThat(SimHttp.content(second)).isEqualTo(String.join("", answer.subList(40, 80)));
        assertThat(SimHttp.finishReason(second)).isEqualTo("length");
        assertThat(first + SimHttp.content(second) + third).isEqualTo(String.join("", answer));
    }
}
