package com.epchat.ingest.costreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.epchat.topics.Topics;
import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The HTTP contract of {@code GET /api/cost-report}: finance and admin only, JSON or CSV, exact sums
 * of the rollups in the period, and a 400 naming the parameter for every bad period or breakdown.
 */
// the API-key filter has its own tests; this slice is about the controller's contract
@WebMvcTest(controllers = CostReportController.class, excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
        classes = ApiKeySecurityConfig.class))
@Import({CostReportControllerTests.Config.class, CostReporter.class})
class CostReportControllerTests {

    static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");
    static final TokenUsage TOKENS = new TokenUsage(64, 36, 200, 0);

    @TestConfiguration
    static class Config {

        @Bean
        FinanceView financeView() {
            return new FinanceView();
        }

        @Bean
        CostReportProperties costReportProperties() {
            return new CostReportProperties("UTC");
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    FinanceView view;

    /** What the authentication layer sets on the servlet request: the caller and its roles. */
    static RequestPostProcessor caller(String name, String... roles) {
        return request -> {
            request.setUserPrincipal(() -> name);
            for (String role : roles) {
                request.addUserRole(role);
            }
            return request;
        };
    }

    static FinanceRollup rollup(String dimension, Instant start, Duration length, long jobs, String cost) {
        return new FinanceRollup(dimension, start, start.plus(length), jobs, jobs, TOKENS, Usd.of(cost), start);
    }

    @BeforeEach
    void financeTopics() {
        Duration day = Duration.ofDays(1);
        view.rollup(Topics.FINANCE_MODEL_DAILY.name(), "a", rollup("deepseek-chat", DAY, day, 2, "0.0012808"));
        view.rollup(Topics.FINANCE_MODEL_DAILY.name(), "b", rollup("deepseek-reasoner", DAY, day, 1, "0.1"));
        view.rollup(Topics.FINANCE_MODEL_DAILY.name(), "c", rollup("deepseek-chat", DAY.plus(day), day, 5, "9"));
        view.rollup(Topics.FINANCE_USER_DAILY.name(), "d", rollup("alice", DAY, day, 2, "0.0012808"));
        view.rollup(Topics.FINANCE_USER_DAILY.name(), "e", rollup("bob", DAY, day, 1, "0.1"));
        view.rollup(Topics.FINANCE_SITE_HOURLY.name(), "f", rollup("site", DAY.plusSeconds(3_600 * 11), Duration.ofHours(1), 1, "0.1"));
        view.rollup(Topics.FINANCE_SITE_HOURLY.name(), "g", rollup("site", DAY.plusSeconds(3_600 * 10), Duration.ofHours(1), 2, "0.0012808"));
        view.correction(new CostCorrection(new UsageEvent("job-9/1", "job-9", "carol", "deepseek-v3.1", "deepseek-chat", 1,
                TOKENS, Usd.of("0.0000014"), false, true, DAY.plusSeconds(3_600 * 10)), "site-hour",
                DAY.plusSeconds(3_600 * 10), "window closed", DAY.plusSeconds(3_600 * 13)));
        view.markCaughtUp();
    }

    @Test
    void shouldRefuseACallerWithoutTheFinanceOrAdminRole() throws Exception {
        mvc.perform(get("/api/cost-report").with(caller("ann", "user")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"))
                .andExpect(jsonPath("$.field").value("role"))
                .andExpect(jsonPath("$.message").value(
                        "the cost report needs the finance or admin role, which caller 'ann' does not have"));
    }

    @Test
    void shouldRefuseAnUnauthenticatedCaller() throws Exception {
        mvc.perform(get("/api/cost-report"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("unauthenticated")));
    }

    @Test
    void shouldReportTotalsAndOneRowPerModelForFinance() throws Exception {
        mvc.perform(get("/api/cost-report?from=2026-11-26&to=2026-11-26&groupBy=model").with(caller("fin", "finance")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/json"))
                .andExpect(jsonPath("$.from").value("2026-11-26T00:00:00Z"))
                .andExpect(jsonPath("$.to").value("2026-11-27T00:00:00Z"))
                .andExpect(jsonPath("$.source").value("ep.finance.model-daily"))
                .andExpect(jsonPath("$.totals.jobs").value(3))
                .andExpect(jsonPath("$.totals.cost").value("0.1012808"))
                .andExpect(jsonPath("$.totals.tokens.output").value(400))
                .andExpect(jsonPath("$.rows[0].key").value("deepseek-chat"))
                .andExpect(jsonPath("$.rows[0].cost").value("0.0012808"))
                .andExpect(jsonPath("$.rows[1].key").value("deepseek-reasoner"))
                .andExpect(jsonPath("$.rows.length()").value(2));
    }

    @Test
    void shouldReportPerUserAndPerDayForAdmin() throws Exception {
        mvc.perform(get("/api/cost-report?from=2026-11-26&to=2026-11-27&groupBy=user").with(caller("root", "admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows[*].key").value(org.hamcrest.Matchers.contains("alice", "bob")))
                .andExpect(jsonPath("$.totals.cost").value("0.1012808"));
        mvc.perform(get("/api/cost-report?from=2026-11-26&to=2026-11-27&groupBy=day").with(caller("root", "admin")))
                .andExpect(jsonPath("$.rows[*].key").value(org.hamcrest.Matchers.contains("2026-11-26", "2026-11-27")))
                .andExpect(jsonPath("$.totals.cost").value("9.1012808"));
    }

    @Test
    void shouldReportHoursInOrderWithTheLateUsageApart() throws Exception {
        mvc.perform(get("/api/cost-report?from=2026-11-26T10:00:00Z&to=2026-11-26T12:00:00Z&groupBy=hour")
                        .with(caller("fin", "finance")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows[*].key").value(org.hamcrest.Matchers.contains("2026-11-26T10:00:00Z",
                        "2026-11-26T11:00:00Z")))
                .andExpect(jsonPath("$.totals.cost").value("0.1012808"))
                .andExpect(jsonPath("$.corrections.count").value(1))
                .andExpect(jsonPath("$.corrections.cost").value("0.0000014"));
    }

    @Test
    void shouldAnswerCsvWhenAskedFor() throws Exception {
        var result = mvc.perform(get("/api/cost-report?from=2026-11-26&to=2026-11-26&groupBy=model")
                        .header("Accept", "text/csv").with(caller("fin", "finance")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString(".csv\"")))
                .andReturn();

        assertThat(result.getResponse().getContentAsString()).isEqualTo(
                "model,jobs,calls,input_cache_hit_tokens,input_cache_miss_tokens,output_tokens,reasoning_tokens,cost_usd\r\n"
                        + "deepseek-chat,2,2,64,36,200,0,0.0012808\r\n"
                        + "deepseek-reasoner,1,1,64,36,200,0,0.1\r\n");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "from=2026-13-01                                            | from     | neither a date",
        "from=yesterday                                             | from     | neither a date",
        "from=2026-11-27&to=2026-11-26                              | to       | must be after from",
        "from=2026-11-26T10:00:00Z&to=2026-11-26T10:00:00Z&groupBy=hour | to   | empty or inverted",
        "groupBy=week                                               | groupBy  | use one of user, model, day, hour",
        "from=2026-11-26T10:30:00Z&to=2026-11-26T12:00:00Z&groupBy=hour | from | not at the start of a UTC hour",
        "from=2026-11-26T10:00:00Z&to=2026-11-27T00:00:00Z&groupBy=model | from | not at the start of a day",
        "from=2024-01-01&to=2026-11-26                              | to       | longer than 366 days",
    })
    void shouldAnswer400NamingTheParameter(String query, String field, String problem) throws Exception {
        mvc.perform(get("/api/cost-report?" + query).header("Accept", "text/csv").with(caller("fin", "finance")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/json"))
                .andExpect(jsonPath("$.error").value("invalid_request"))
                .andExpect(jsonPath("$.field").value(field))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString(problem)));
    }

    @Test
    void shouldAnswer503WhileTheFinanceTopicsAreStillLoading() throws Exception {
        FinanceView loading = new FinanceView();
        var reporter = new CostReporter(loading);

        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(CostReportException.class,
                () -> reporter.report(ReportQuery.parse(null, null, null, java.time.ZoneOffset.UTC,
                        java.time.Clock.systemUTC())));

        assertThat(thrown.status.value()).isEqualTo(503);
        assertThat(thrown.error).isEqualTo("cost_report_loading");
    }
}
