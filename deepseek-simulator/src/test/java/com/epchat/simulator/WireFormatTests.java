package com.epchat.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.epchat.simulator.SimHttp.chat;
import static com.epchat.simulator.SimHttp.user;
import static org.assertj.core.api.Assertions.assertThat;

/** DeepSeek's streaming and non-streaming wire format, keep-alives and request validation. */
class WireFormatTests {

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
    void shouldStreamRoleChunkThenOneChunkPerTokenWithConstantIdThenDone() {
        List<SimMessage> conversation = List.of(SimMessage.user("Tell me about rivers [[sim:tokens=12]]"));

        List<String> lines = http.lines("/chat/completions",
                chat("deepseek-chat", true, null, user(conversation.get(0).content())));

        List<JsonNode> chunks = SimHttp.chunks(lines);
        assertThat(chunks).hasSize(1 + 12 + 1);
        assertThat(chunks.get(0).path("choices").path(0).path("delta"))
                .isEqualTo(SimHttp.JSON.readTree("{\"role\":\"assistant\",\"content\":\"\"}"));
        String id = chunks.get(0).path("id").asString();
        assertThat(id).matches("[0-9a-f]{32}").doesNotStartWith("chatcmpl-");
        long now = Instant.now().getEpochSecond();
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("id").asString()).isEqualTo(id);
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asString()).isEqualTo("deepseek-chat");
            assertThat(chunk.path("system_fingerprint").asString()).isEqualTo("fp_sim_0001");
            assertThat(chunk.path("created").longValue()).isBetween(now - 60, now + 1);
            assertThat(chunk.path("choices").path(0).path("index").intValue()).isZero();
            assertThat(chunk.path("choices").path(0).has("logprobs")).isTrue();
        }
        assertThat(SimHttp.content(chunks)).isEqualTo(SimulatorScript.fullAnswer(conversation));
        assertThat(SimHttp.finishReason(chunks)).isEqualTo("stop");
        assertThat(lines.get(lines.size() - 2)).isEqualTo("data: [DONE]");
        assertThat(lines.get(lines.size() - 1)).isEmpty();
    }

    @Test
    void shouldCarryUsageOnlyOnTheFinishChunkWithHitPlusMissEqualToPrompt() {
        List<JsonNode> chunks = SimHttp.chunks(http.lines("/chat/completions",
                chat("deepseek-chat", true, 7, user("Usage please"))));

        List<JsonNode> withUsage = chunks.stream().filter(chunk -> chunk.has("usage")).toList();
        List<JsonNode> withFinish = chunks.stream()
                .filter(chunk -> !chunk.path("choices").path(0).path("finish_reason").isNull()).toList();
        assertThat(withUsage).hasSize(1).isEqualTo(withFinish).containsExactly(chunks.get(chunks.size() - 1));
        JsonNode usage = withUsage.get(0).path("usage");
        assertThat(usage.path("completion_tokens").longValue()).isEqualTo(7);
        assertThat(usage.path("prompt_tokens").longValue()).isEqualTo(SimulatorScript.promptTokens(
                List.of(SimMessage.user("Usage please"))));
        assertThat(usage.path("prompt_cache_hit_tokens").longValue() + usage.path("prompt_cache_miss_tokens").longValue())
                .isEqualTo(usage.path("prompt_tokens").longValue());
        assertThat(usage.path("total_tokens").longValue())
                .isEqualTo(usage.path("prompt_tokens").longValue() + 7);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").longValue()).isZero();
        assertThat(withUsage.get(0).path("choices")).hasSize(1);
    }

    @Test
    void shouldSendKeepAliveCommentsBeforeTheFirstToken() {
        List<String> lines = http.lines("/chat/completions",
                chat("deepseek-chat", true, 3, user("Wait for it [[sim:ttft_ms=350]]")));

        int firstData = lines.indexOf(lines.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow());
        List<String> before = lines.subList(0, firstData);
        assertThat(before).hasSizeGreaterThanOrEqualTo(6);
        for (int i = 0; i < before.size(); i += 2) {
            assertThat(before.get(i)).isEqualTo(": keep-alive");
            assertThat(before.get(i + 1)).isEmpty();
        }
        assertThat(SimHttp.chunks(lines)).hasSize(1 + 3 + 1);
    }

    @Test
    void shouldSendBlankLinesThenTheWholeCompletionWhenNotStreaming() {
        List<SimMessage> conversation = List.of(SimMessage.user("No stream [[sim:ttft_ms=350]]"));

        HttpResponse<String> response = http.post("/chat/completions",
                chat("deepseek-chat", false, 10, user(conversation.get(0).content())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        String body = response.body();
        int json = body.indexOf('{');
        assertThat(body.substring(0, json)).matches("\n{3,}");
        JsonNode completion = SimHttp.JSON.readTree(body.substring(json));
        assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asString()).matches("[0-9a-f]{32}");
        JsonNode choice = completion.path("choices").path(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString())
                .isEqualTo(String.join("", SimulatorScript.answerTokens(conversation).subList(0, 10)));
        assertThat(choice.path("finish_reason").asString()).isEqualTo("length");
        assertThat(completion.path("usage").path("completion_tokens").longValue()).isEqualTo(10);
    }

    @Test
    void shouldReportACacheHitOnARepeatedPrompt() {
        String prompt = "A long shared system prompt. ".repeat(40);
        String body = chat("deepseek-chat", false, 3, SimHttp.system(prompt), user("Question one"));
        long promptTokens = SimulatorScript.promptTokens(List.of(SimMessage.system(prompt), SimMessage.user("Question one")));

        JsonNode first = SimHttp.json(http.post("/chat/completions", body)).path("usage");
        JsonNode second = SimHttp.json(http.post("/chat/completions", body)).path("usage");

        assertThat(first.path("prompt_cache_hit_tokens").longValue()).isZero();
        assertThat(first.path("prompt_cache_miss_tokens").longValue()).isEqualTo(promptTokens);
        assertThat(second.path("prompt_cache_hit_tokens").longValue()).isEqualTo(promptTokens / 64 * 64).isPositive();
        assertThat(second.path("prompt_cache_miss_tokens").longValue()).isEqualTo(promptTokens % 64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"deepseek-chat\",", "", "[]", "{\"model\":\"deepseek-chat\",\"messages\":[]}",
            "{\"model\":\"deepseek-chat\"}", "{\"model\":\"deepseek-chat\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"})
    void shouldAnswer400ForMalformedBodiesAndEmptyMessages(String body) {
        HttpResponse<String> response = http.post("/chat/completions", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(response).path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void shouldAnswer422WhenMaxTokensExceedsTheModelMaximum() {
        HttpResponse<String> chat = http.post("/chat/completions", chat("deepseek-chat", true, 8193, user("hi")));
        HttpResponse<String> reasoner = http.post("/chat/completions", chat("deepseek-reasoner", false, 65537, user("hi")));
        HttpResponse<String> reasonerMax = http.post("/chat/completions",
                chat("deepseek-reasoner", false, 65536, user("hi [[sim:tokens=3]]")));

        assertThat(chat.statusCode()).isEqualTo(422);
        assertThat(SimHttp.json(chat).path("error").path("message").asString()).contains("[1, 8192]");
        assertThat(reasoner.statusCode()).isEqualTo(422);
        assertThat(reasonerMax.statusCode()).isEqualTo(200);
    }
}
