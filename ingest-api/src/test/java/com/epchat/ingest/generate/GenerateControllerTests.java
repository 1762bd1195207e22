package com.epchat.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.matchesPattern;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.epchat.ingest.budget.BudgetAdvisor;
import com.epchat.ingest.budget.BudgetGuardProperties;
import com.epchat.ingest.budget.BudgetMetrics;
import com.epchat.ingest.budget.BudgetStateView;
import com.epchat.ingest.budget.GuardBypassPolicy;
import com.epchat.ingest.config.IngestProperties;
import com.epchat.ingest.metrics.GenerationMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.pricing.CostEstimator;
import com.epchat.ingest.security.ApiKeySecurityConfig;
import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.pricing.PricingSettings;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of {@code POST /api/generate}: bad input is a 4xx naming the field, and publishes nothing. */
@WebMvcTest(GenerateController.class)
@Import({GenerateControllerTests.Config.class, ApiKeySecurityConfig.class})
class GenerateControllerTests {

    static final String KEY = ApiKeyTool.newKey();
    static final String OPS_KEY = ApiKeyTool.newKey();
    static final String MALLORY_KEY = ApiKeyTool.newKey();

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry registry) {
        registry.add("ep.security.api-keys", () -> ApiKeys.entry(KEY, "alice", Set.of(Role.USER)) + ";"
                + ApiKeys.entry(OPS_KEY, "ops", Set.of(Role.USER)) + ";"
                + ApiKeys.entry(MALLORY_KEY, "mallory", Set.of(Role.USER)));
    }

    @TestConfiguration
    static class Config {

        /** Every request of these tests carries alice's key. */
        @Bean
        MockMvcBuilderCustomizer withApiKey() {
            return builder -> builder.defaultRequest(post("/").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY));
        }

        static final IngestProperties PROPERTIES = new IngestProperties(
                new PricingSettings(131_072, "enabled", new BigDecimal("0.0014"), null, new BigDecimal("0.0028")),
                Duration.ofSeconds(5), Duration.ofSeconds(15), 4096, "deepseek-v3.1");

        @Bean
        IngestProperties ingestProperties() {
            return PROPERTIES;
        }

        static final BudgetGuardProperties LIMITS = new BudgetGuardProperties(new BigDecimal("0.40"),
                new BigDecimal("2.50"), new BigDecimal("8.00"), "ops, admin");

        @Bean
        BudgetStateView budgetStateView() {
            return new BudgetStateView();
        }

        @Bean
        BudgetAdvisor budgetAdvisor(BudgetStateView view) {
            return new BudgetAdvisor(view, LIMITS, PROPERTIES.pricing().catalog(), PROPERTIES.pricing().prices(),
                    Clock.systemUTC());
        }

        @Bean
        GuardBypassPolicy guardBypassPolicy() {
            return new GuardBypassPolicy(LIMITS.bypassUsers());
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        BudgetMetrics budgetMetrics(MeterRegistry registry, BudgetStateView view, BudgetAdvisor advisor) {
            return new BudgetMetrics(registry, view, advisor, Clock.systemUTC());
        }

        @Bean
        GenerationMetrics generationMetrics(MeterRegistry registry) {
            return new GenerationMetrics(registry);
        }

        @Bean
        GenerationValidator generationValidator() {
            return new GenerationValidator(PROPERTIES.pricing().catalog(), PROPERTIES.pricing().prices(),
                    "deepseek-v3.1", 4096, Clock.systemUTC());
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry registry;

    @MockitoBean
    JobSubmitter submitter;

    @MockitoBean
    ChunkRelay relay;

    @ParameterizedTest(name = "{0} → field {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"deepseek-v3.1\",\"maxTokens\":10}                        | prompt",
        "{\"prompt\":\"  \"}                                                  | prompt",
        "{\"prompt\":\"hi\",\"model\":\"gpt-4\"}                                | model",
        "{\"prompt\":\"hi\",\"maxTokens\":0}                                    | maxTokens",
        "{\"prompt\":\"hi\",\"maxTokens\":-5}                                   | maxTokens",
        "{\"prompt\":\"hi\",\"maxTokens\":99999999}                             | maxTokens",
        "{\"prompt\":\"hi\",\"maxTokens\":\"lots\"}                             | maxTokens",
        "{\"prompt\":\"hi\",\"userId\":\"bad user id!\"}                        | userId",
        "{\"prompt\":\"hi\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | prompt",
        "{\"messages\":[]}                                                    | messages",
        "{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}                | messages[0].role",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}                   | messages[0].content",
    })
    void shouldAnswer400NamingTheFieldAndPublishNothing(String body, String field) throws Exception {
        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value(field));

        verifyNoInteractions(submitter, relay);
    }

    @Test
    void shouldAnswer400OnMalformedJson() throws Exception {
        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON).content("{\"prompt\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_json"));

        verifyNoInteractions(submitter, relay);
    }

    @Test
    void shouldAnswer415OnAWrongContentType() throws Exception {
        mvc.perform(post("/api/generate").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.field").value("Content-Type"));

        verifyNoInteractions(submitter, relay);
    }

    @Test
    void shouldAnswer402NamingTheLevelThatTripped() throws Exception {
        Instant midnight = Instant.now().plusSeconds(3600);
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            return BudgetDecision.reject(request, BudgetLevel.USER_DAILY, Usd.of("0.05"), midnight,
                    "user daily budget", Instant.now());
        });

        // "hi" is 1 token; 20,000 tokens take 3 rounds: (3×1 + 8192×3) × 0.0014/1K + 20000 × 0.0028/1K = 0.0904106.
        // With $0.05 left: 2 rounds, (2×1 + 8192) × 0.0014/1K + n × 0.0028/1K ≤ 0.05 → n = 13,760
        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"hi\",\"maxTokens\":20000}"))
                .andExpect(status().isPaymentRequired())
                .andExpect(jsonPath("$.level").value("user_daily"))
                .andExpect(jsonPath("$.estimate").value("0.0904106"))
                .andExpect(jsonPath("$.remaining").value("0.05"))
                .andExpect(jsonPath("$.maxTokens").value(13_760))
                .andExpect(jsonPath("$.retryAt").value(midnight.toString()))
                .andExpect(header().string("Retry-After", matchesPattern("3[56][0-9][0-9]")));
    }

    @Test
    void shouldAnswer402WithoutRetryAfterAtTheRequestLevel() throws Exception {
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            return BudgetDecision.reject(request, BudgetLevel.REQUEST, Usd.of("0.40"), null, "request budget",
                    Instant.now());
        });

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"hi\",\"maxTokens\":130000}"))
                .andExpect(status().isPaymentRequired())
                .andExpect(jsonPath("$.level").value("request"))
                .andExpect(jsonPath("$.maxTokens").value(CostEstimator.maxAffordableOutput(1, Usd.of("0.40"),
                        Config.PROPERTIES.pricing().catalog().find("deepseek-v3.1").orElseThrow(),
                        Config.PROPERTIES.pricing().prices().forApiModel("deepseek-chat"))))
                .andExpect(header().doesNotExist("Retry-After"));
    }

    @Test
    void shouldCountRejectionsByLevelAndEstimatesOfSubmittedRequests() throws Exception {
        double breakers = breakers("site_hourly");
        double estimated = estimated();
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            return BudgetDecision.reject(request, BudgetLevel.SITE_HOURLY, Usd.ZERO, Instant.now().plusSeconds(60),
                    "site hourly budget", Instant.now());
        });

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"hi\",\"maxTokens\":1000}"))
                .andExpect(status().isPaymentRequired())
                .andExpect(jsonPath("$.maxTokens").value(0));

        assertThat(breakers("site_hourly")).isEqualTo(breakers + 1);
        // 1 × 0.0014/1K + 1000 × 0.0028/1K
        assertThat(estimated()).isCloseTo(estimated + 0.0028014, within(1e-12));
    }

    double breakers(String level) {
        return registry.find("ep_chat_budget_circuit_breaker").tag("level", level).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    double estimated() {
        return registry.find("ep_chat_estimated_cost_usd").functionCounters().stream()
                .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count).sum();
    }

    @Test
    void shouldAnswer403NamingTheFieldWhenAnUnlistedCallerTurnsTheGuardOff() throws Exception {
        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + MALLORY_KEY)
                        .content("{\"prompt\":\"hi\",\"enableBudgetGuard\":false}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.field").value("enableBudgetGuard"));

        verifyNoInteractions(submitter, relay);
    }

    @Test
    void shouldLetAListedCallerTurnTheGuardOff() throws Exception {
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            assertThat(request.budgetGuard()).isFalse();
            return BudgetDecision.approve(request, Usd.of("0.01"), Usd.of("0.39"), Instant.now());
        });

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPS_KEY)
                        .content("{\"prompt\":\"hi\",\"enableBudgetGuard\":false}"))
                .andExpect(status().isAccepted());
    }

    @Test
    void shouldAnswer503WhenNoDecisionComesInTime() throws Exception {
        given(submitter.submit(any(), any())).willThrow(new JobSubmitter.DecisionTimeoutException(Duration.ofSeconds(5)));

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON).content("{\"prompt\":\"hi\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"));
    }

    @Test
    void shouldAnswer503AsJsonToAClientThatAskedForAStream() throws Exception {
        given(submitter.submit(any(), any())).willThrow(new JobSubmitter.DecisionTimeoutException(Duration.ofSeconds(5)));

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                        .content("{\"prompt\":\"hi\",\"stream\":true}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("budget_decision_timeout"));
    }

    @Test
    void shouldAnswer202WithTheEventsUrlWhenNotStreaming() throws Exception {
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            return BudgetDecision.approve(request, Usd.of("0.01"), Usd.of("0.39"), Instant.now());
        });

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"测试基础功能\",\"model\":\"deepseek-chat\",\"maxTokens\":100}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("queued"))
                .andExpect(jsonPath("$.reserved").value("0.01"))
                .andExpect(jsonPath("$.events").isString());
    }
}
