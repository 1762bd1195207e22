package com.epchat.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static com.epchat.simulator.SimHttp.chat;
import static com.epchat.simulator.SimHttp.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Models list, balance and authentication, against a simulator that accepts exactly one API key. */
class AccountEndpointsTests {

    private static DeepSeekSimulator simulator;
    private static SimHttp http;

    @BeforeAll
    static void start() {
        simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                .withFirstTokenDelay(Duration.ZERO).withTokensPerSecond(0).withApiKey("sk-test-key"));
        http = new SimHttp(simulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v1", "/beta"})
    void shouldListServedModelsUnderEveryBasePath(String base) {
        HttpResponse<String> response = http.get(base + "/models");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimHttp.json(response)).isEqualTo(SimHttp.JSON.readTree("""
                {"object":"list","data":[
                  {"id":"deepseek-chat","object":"model","owned_by":"deepseek"},
                  {"id":"deepseek-reasoner","object":"model","owned_by":"deepseek"}]}"""));
    }

    @Test
    void shouldServeNewModelListAndRejectRetiredIdAfterSetModels() {
        try {
            simulator.setModels(List.of("deepseek-v4-flash"));

            JsonNode models = SimHttp.json(http.get("/models"));
            HttpResponse<String> retired = http.post("/chat/completions", chat("deepseek-chat", false, 5, user("hi")));
            HttpResponse<String> current = http.post("/chat/completions", chat("deepseek-v4-flash", false, 5, user("hi")));

            assertThat(models.path("data").findValuesAsString("id")).containsExactly("deepseek-v4-flash");
            assertThat(retired.statusCode()).isEqualTo(400);
            assertThat(SimHttp.json(retired)).isEqualTo(SimHttp.JSON.readTree("""
                    {"error":{"message":"Model Not Exist","type":"invalid_request_error","param":null,
                              "code":"invalid_request_error"}}"""));
            assertThat(current.statusCode()).isEqualTo(200);
        } finally {
            simulator.setModels(List.of("deepseek-chat", "deepseek-reasoner"));
        }
    }

    @Test
    void shouldReportBalanceWithAmountsAsStrings() {
        HttpResponse<String> response = http.get("/user/balance");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimHttp.json(response)).isEqualTo(SimHttp.JSON.readTree("""
                {"is_available":true,"balance_infos":[{"currency":"USD","total_balance":"110.00",
                 "granted_balance":"10.00","topped_up_balance":"100.00"}]}"""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer sk-wrong-secret", "Bearer ", "Basic c2stdGVzdC1rZXk="})
    void shouldAnswer401WithoutEchoingTheKeyWhenMissingOrWrong(String authorization) {
        HttpResponse<String> response = http.post("/chat/completions", chat("deepseek-chat", true, 5, user("hi")),
                "Authorization", authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = SimHttp.json(response).path("error");
        assertThat(error.path("type").asString()).isEqualTo("authentication_error");
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(response.body()).doesNotContain("sk-wrong-secret").doesNotContain("c2stdGVzdC1rZXk=");
        assertThat(http.get("/models", "Authorization", authorization).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAcceptTheConfiguredKey() {
        assertThat(http.post("/chat/completions", chat("deepseek-chat", false, 5, user("hi"))).statusCode())
                .isEqualTo(200);
    }
}
