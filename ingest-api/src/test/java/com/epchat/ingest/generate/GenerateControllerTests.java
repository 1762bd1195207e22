package com.epchat.ingest.generate;

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
import com.epchat.ingest.relay.ChunkRelay;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of {@code POST /api/generate}: bad input is a 4xx naming the field, and publishes nothing. */
@WebMvcTest(GenerateController.class)
@Import(GenerateControllerTests.Config.class)
class GenerateControllerTests {

    @TestConfiguration
    static class Config {

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
        GenerationValidator generationValidator() {
            return new GenerationValidator(PROPERTIES.pricing().catalog(), PROPERTIES.pricing().prices(),
                    "deepseek-v3.1", 4096, Clock.systemUTC());
        }
    }

    @Autowired
    MockMvc mvc;

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
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            return BudgetDecision.reject(request, BudgetLevel.USER_DAILY, Usd.of("0.05"),
                    Instant.now().plusSeconds(3600), "user daily budget", Instant.now());
        });

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"hi\",\"maxTokens\":1000}"))
                .andExpect(status().isPaymentRequired())
                .andExpect(jsonPath("$.level").value("user_daily"))
                .andExpect(jsonPath("$.remaining").value("0.05"))
                .andExpect(header().exists("Retry-After"));
    }

    @Test
    void shouldAnswer503WhenNoDecisionComesInTime() throws Exception {
        given(submitter.submit(any(), any())).willThrow(new JobSubmitter.DecisionTimeoutException(Duration.ofSeconds(5)));

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON).content("{\"prompt\":\"hi\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"));
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
