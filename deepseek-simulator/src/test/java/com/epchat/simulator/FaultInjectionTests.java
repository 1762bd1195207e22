package com.epchat.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static com.epchat.simulator.SimHttp.chat;
import static com.epchat.simulator.SimHttp.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Every fault, by X-Sim-Fault header or [[sim:fault=...]] directive, and times=K followed by success. */
class FaultInjectionTests {

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

    @ParameterizedTest
    @CsvSource({
            "rate_limit, 429, rate_limit_error",
            "server_error, 500, server_error",
            "overloaded, 503, server_error",
            "bad_request, 400, invalid_request_error",
            "unauthorized, 401, authentication_error",
            "insufficient_balance, 402, unknown_error",
            "invalid_params, 422, invalid_request_error"})
    void shouldAnswerErrorFaultsWithStatusAndErrorBodyAndBillNothing(String fault, int status, String type) {
        SimulatorStats before = simulator.stats();

        HttpResponse<String> response = http.post("/chat/completions",
                chat("deepseek-chat", true, 10, user("Fault " + fault)), "X-Sim-Fault", fault);

        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = SimHttp.json(response).path("error");
        assertThat(error.path("type").asString()).isEqualTo(type);
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(error.path("code").isString()).isTrue();
        SimulatorStats after = simulator.stats();
        assertThat(after.requests()).isEqualTo(before.requests() + 1);
        assertThat(after.totalTokens()).isEqualTo(before.totalTokens());
    }

    @Test
    void shouldSendRetryAfterOnRateLimit() {
        HttpResponse<String> byDefault = http.post("/chat/completions",
                chat("deepseek-chat", false, 10, user("Rate limited")), "X-Sim-Fault", "rate_limit");
        HttpResponse<String> byDirective = http.post("/chat/completions",
                chat("deepseek-chat", false, 10, user("Rate limited [[sim:fault=rate_limit,retry_after=7]]")));

        assertThat(byDefault.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(byDirective.statusCode()).isEqualTo(429);
        assertThat(byDirective.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(SimHttp.json(byDirective).path("error").path("message").asString()).isEqualTo("Rate Limit Reached");
    }

    @Test
    void shouldFaultOnlyTheFirstKRequestsOfAConversationThenSucceed() {
        String body = chat("deepseek-chat", false, 5, user("Retry me [[sim:fault=overloaded,times=1]]"));
        String headerBody = chat("deepseek-chat", false, 5, user("Retry me by header"));

        assertThat(http.post("/chat/completions", body).statusCode()).isEqualTo(503);
        assertThat(http.post("/chat/completions", body).statusCode()).isEqualTo(200);
        assertThat(http.post("/chat/completions", headerBody, "X-Sim-Fault", "server_error;times=2").statusCode())
                .isEqualTo(500);
        assertThat(http.post("/chat/completions", headerBody, "X-Sim-Fault", "server_error;times=2").statusCode())
                .isEqualTo(500);
        assertThat(http.post("/chat/completions", headerBody, "X-Sim-Fault", "server_error;times=2").statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldStallAfterNTokensSendingNothingWhileKeepingTheSocketOpen() throws IOException {
        String body = chat("deepseek-chat", true, 50, user("Stall [[sim:fault=stall,after=3]]"));

        RawHttp.Exchange exchange = RawHttp.post(simulator.port(), "/chat/completions", body, 1 + 3, 1_200);

        assertThat(exchange.timedOut()).isTrue();
        assertThat(exchange.dataChunks()).isEqualTo(1 + 3);
        assertThat(exchange.raw()).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"");
    }

    @Test
    void shouldDisconnectAfterNTokensWithoutDoneAndBillOnlyWhatWasSent() throws IOException {
        SimulatorStats before = simulator.stats();
        String body = chat("deepseek-chat", true, 50, user("Drop me [[sim:fault=disconnect,after=4]]"));

        RawHttp.Exchange exchange = RawHttp.post(simulator.port(), "/chat/completions", body, 1 + 4, 5_000);

        assertThat(exchange.closed()).isTrue();
        assertThat(exchange.dataChunks()).isEqualTo(1 + 4);
        assertThat(exchange.raw()).doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
        SimulatorStats after = simulator.stats();
        assertThat(after.completionTokens() - before.completionTokens()).isEqualTo(4);
        assertThat(after.completionsStarted() - before.completionsStarted()).isEqualTo(1);
    }

    @Test
    void shouldFinishWithInsufficientSystemResourceAfterNTokens() {
        List<SimMessage> conversation = List.of(SimMessage.user("Busy [[sim:fault=insufficient_resources,after=6]]"));

        List<String> lines = http.lines("/chat/completions",
                chat("deepseek-chat", true, 50, user(conversation.get(0).content())));

        List<JsonNode> chunks = SimHttp.chunks(lines);
        assertThat(chunks).hasSize(1 + 6 + 1);
        assertThat(SimHttp.finishReason(chunks)).isEqualTo("insufficient_system_resource");
        assertThat(chunks.get(chunks.size() - 1).path("usage").path("completion_tokens").longValue()).isEqualTo(6);
        assertThat(SimHttp.content(chunks))
                .isEqualTo(String.join("", SimulatorScript.answerTokens(conversation).subList(0, 6)));
        assertThat(lines).contains("data: [DONE]");
    }

    @Test
    void shouldRejectAnUnknownFaultName() {
        HttpResponse<String> response = http.post("/chat/completions",
                chat("deepseek-chat", true, 5, user("Typo")), "X-Sim-Fault", "explode");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(response).path("error").path("message").asString()).contains("explode");
    }
}
