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

import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.pricing.CostEstimator;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What {@code POST /api/generate} answers about the budget: the 402 body and {@code Retry-After} per
 * level, with the largest {@code maxTokens} that fits now; the budget metrics; 403 when a caller who
 * may not turns the guard off.
 */
@WebMvcTest(GenerateController.class)
@Import(GenerateControllerTests.Config.class)
class GenerateBudgetAnswerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry registry;

    @MockitoBean
    JobSubmitter submitter;

    @MockitoBean
    ChunkRelay relay;

    @Test
    void shouldAnswer402WithTheLargestMaxTokensThatFitsAndWhenToRetry() throws Exception {
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
                        GenerateControllerTests.Config.PROPERTIES.pricing().catalog().find("deepseek-v3.1").orElseThrow(),
                        GenerateControllerTests.Config.PROPERTIES.pricing().prices().forApiModel("deepseek-chat"))))
                .andExpect(header().doesNotExist("Retry-After"));
    }

    @Test
    void shouldCountRejectionsByLevelAndEstimatesOfSubmittedRequests() throws Exception {
        double breakers = registry.counter("ep_chat_budget_circuit_breaker", "level", "site_hourly").count();
        double estimated = registry.counter("ep_chat_estimated_cost_usd").count();
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            return BudgetDecision.reject(request, BudgetLevel.SITE_HOURLY, Usd.ZERO, Instant.now().plusSeconds(60),
                    "site hourly budget", Instant.now());
        });

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"hi\",\"maxTokens\":1000}"))
                .andExpect(status().isPaymentRequired())
                .andExpect(jsonPath("$.maxTokens").value(0));

        assertThat(registry.counter("ep_chat_budget_circuit_breaker", "level", "site_hourly").count())
                .isEqualTo(breakers + 1);
        // 1 × 0.0014/1K + 1000 × 0.0028/1K
        assertThat(registry.counter("ep_chat_estimated_cost_usd").count()).isCloseTo(estimated + 0.0028014,
                within(1e-12));
    }

    @Test
    void shouldAnswer403NamingTheFieldWhenAnUnlistedCallerTurnsTheGuardOff() throws Exception {
        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"hi\",\"userId\":\"mallory\",\"enableBudgetGuard\":false}"))
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
                        .content("{\"prompt\":\"hi\",\"userId\":\"ops\",\"enableBudgetGuard\":false}"))
                .andExpect(status().isAccepted());
    }
}
