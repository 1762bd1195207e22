package com.epchat.ingest.budget;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.epchat.ingest.config.IngestProperties;
import com.epchat.pricing.CostEstimator;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.PricingSettings;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import com.epchat.ingest.security.ApiKeySecurityConfig;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The HTTP contract of {@code POST /api/preflight}: the estimate, each level's headroom from the
 * budget-state view, the largest affordable output; bad input is a 400 naming the field. The
 * controller has no Kafka collaborator at all: it cannot write anything.
 */
// the API-key filter has its own tests; this slice is about the controller's contract
@WebMvcTest(controllers = PreflightController.class, excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
        classes = ApiKeySecurityConfig.class))
@Import(PreflightControllerTests.Config.class)
class PreflightControllerTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:15:00Z");
    static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");
    static final Instant NEXT_DAY = Instant.parse("2026-11-27T00:00:00Z");

    @TestConfiguration
    static class Config {

        static final IngestProperties PROPERTIES = new IngestProperties(
                new PricingSettings(131_072, "enabled", new BigDecimal("0.0014"), null, new BigDecimal("0.0028")),
                Duration.ofSeconds(5), Duration.ofSeconds(15), 4096, "deepseek-v3.1");

        @Bean
        IngestProperties ingestProperties() {
            return PROPERTIES;
        }

        @Bean
        BudgetStateView budgetStateView() {
            return new BudgetStateView();
        }

        @Bean
        BudgetAdvisor budgetAdvisor(BudgetStateView view) {
            return new BudgetAdvisor(view, new BudgetGuardProperties(new BigDecimal("0.40"), new BigDecimal("2.50"),
                    new BigDecimal("8.00"), ""), PROPERTIES.pricing().catalog(), PROPERTIES.pricing().prices(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    BudgetStateView view;

    @AfterEach
    void forgetStates() {
        view.evictEnded(Instant.MAX);
    }

    static final String GUIDE_EXAMPLE =
            "{\"model\":\"deepseek-v3.1\",\"inputTokens\":1000,\"targetOutputTokens\":5000,\"userId\":\"test\"}";

    @Test
    void shouldAnswerTheGuidesExampleWithEveryLevelsHeadroom() throws Exception {
        ModelSpec v31 = Config.PROPERTIES.pricing().catalog().find("deepseek-v3.1").orElseThrow();
        int affordable = CostEstimator.maxAffordableOutput(1000, Usd.of("0.40"), v31,
                Config.PROPERTIES.pricing().prices().forModel(v31));

        // 1000 × 0.0014/1K + 5000 × 0.0028/1K = 0.0154, one round
        mvc.perform(post("/api/preflight").contentType(MediaType.APPLICATION_JSON).content(GUIDE_EXAMPLE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.allowed").value(true))
                .andExpect(jsonPath("$.estimate").value("0.0154"))
                .andExpect(jsonPath("$.rounds").value(1))
                .andExpect(jsonPath("$.outputCapPerRound").value(8192))
                .andExpect(jsonPath("$.remaining.request").value("0.4"))
                .andExpect(jsonPath("$.remaining.user_daily").value("2.5"))
                .andExpect(jsonPath("$.remaining.site_hourly").value("8"))
                .andExpect(jsonPath("$.maxAffordableOutputTokens").value(affordable))
                .andExpect(jsonPath("$.limitingLevel").doesNotExist());
    }

    @Test
    void shouldSayWhichLevelWouldTripAndWhenItResets() throws Exception {
        view.apply("user_daily/test", new BudgetState(BudgetLevel.USER_DAILY, "test", DAY, NEXT_DAY, Usd.of("2.50"),
                Usd.of("2.48"), Usd.of("0.01"), Usd.of("0.01"), 1, NOW));

        // $0.01 left: 1000 × 0.0014/1K + n × 0.0028/1K ≤ 0.01 → n = 3,071
        mvc.perform(post("/api/preflight").contentType(MediaType.APPLICATION_JSON).content(GUIDE_EXAMPLE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.allowed").value(false))
                .andExpect(jsonPath("$.limitingLevel").value("user_daily"))
                .andExpect(jsonPath("$.resetsAt").value(NEXT_DAY.toString()))
                .andExpect(jsonPath("$.remaining.user_daily").value("0.01"))
                .andExpect(jsonPath("$.maxAffordableOutputTokens").value(3071));
    }

    @Test
    void shouldIgnoreAWindowThatHasEnded() throws Exception {
        view.apply("user_daily/test", new BudgetState(BudgetLevel.USER_DAILY, "test", DAY.minusSeconds(86_400), DAY,
                Usd.of("2.50"), Usd.of("2.50"), Usd.ZERO, Usd.ZERO, 0, NOW));

        mvc.perform(post("/api/preflight").contentType(MediaType.APPLICATION_JSON).content(GUIDE_EXAMPLE))
                .andExpect(jsonPath("$.allowed").value(true))
                .andExpect(jsonPath("$.remaining.user_daily").value("2.5"));
    }

    @Test
    void shouldSayTheSiteHourIsTheLimitWhenItIsSpent() throws Exception {
        view.apply("site_hourly/site", new BudgetState(BudgetLevel.SITE_HOURLY, "site",
                Instant.parse("2026-11-26T10:00:00Z"), Instant.parse("2026-11-26T11:00:00Z"), Usd.of("8.00"),
                Usd.of("7.00"), Usd.of("1.00"), Usd.ZERO, 40, NOW));

        mvc.perform(post("/api/preflight").contentType(MediaType.APPLICATION_JSON).content(GUIDE_EXAMPLE))
                .andExpect(jsonPath("$.allowed").value(false))
                .andExpect(jsonPath("$.limitingLevel").value("site_hourly"))
                .andExpect(jsonPath("$.resetsAt").value("2026-11-26T11:00:00Z"))
                .andExpect(jsonPath("$.maxAffordableOutputTokens").value(0));
    }

    @ParameterizedTest(name = "{0} → field {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"inputTokens\":1000,\"targetOutputTokens\":5000,\"userId\":\"test\"}                          | model",
        "{\"model\":\"gpt-4\",\"inputTokens\":1000,\"targetOutputTokens\":5000,\"userId\":\"test\"}        | model",
        "{\"model\":\"deepseek-v3.1\",\"targetOutputTokens\":5000,\"userId\":\"test\"}                     | inputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":0,\"targetOutputTokens\":5000,\"userId\":\"test\"}   | inputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":-3,\"targetOutputTokens\":5000,\"userId\":\"test\"}  | inputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":999999999,\"targetOutputTokens\":5,\"userId\":\"test\"} | inputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":\"lots\",\"targetOutputTokens\":5,\"userId\":\"test\"} | inputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":1000,\"userId\":\"test\"}                            | targetOutputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":1000,\"targetOutputTokens\":0,\"userId\":\"test\"}   | targetOutputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":100000,\"targetOutputTokens\":40000,\"userId\":\"t\"} | targetOutputTokens",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":1000,\"targetOutputTokens\":5000}                    | userId",
        "{\"model\":\"deepseek-v3.1\",\"inputTokens\":1000,\"targetOutputTokens\":5000,\"userId\":\"a b!\"} | userId",
    })
    void shouldAnswer400NamingTheField(String body, String field) throws Exception {
        mvc.perform(post("/api/preflight").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value(field));
    }
}
