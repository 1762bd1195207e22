package com.epchat.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.money.Usd;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names, labels and exactness of ingest-api's generation metrics, as Prometheus scrapes them. */
class GenerationMetricsTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final GenerationMetrics metrics = new GenerationMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    static GenerationRequested request(String model, String worstCase, Instant at) {
        return new GenerationRequested("job", "alice", model, List.of(ChatMessage.user("hi")), 100, true,
                Lane.INTERACTIVE, new CostEstimate(10, 100, 1, 8192, Usd.of(worstCase)), at);
    }

    @Test
    void shouldCountRequestsAndTheirEstimateUnderTheSameLabelsForTheGuidesRatio() {
        metrics.requested(request("deepseek-v3.1", "0.0224056", NOW));
        metrics.requested(request("deepseek-v3.1", "0.0000014", NOW));

        String text = registry.scrape();
        assertThat(text).contains("ep_chat_requests_total{model=\"deepseek-v3.1\"} 2.0");
        assertThat(text).contains("ep_chat_estimated_cost_usd_total{model=\"deepseek-v3.1\"} 0.022407");
        assertThat(metrics.estimatedTotal()).isEqualTo(Usd.of("0.022407"));
    }

    @Test
    void shouldKeepTheCostCounterExactWhereAddingDoublesDrifts() {
        double naive = 0;
        for (int i = 0; i < 100_000; i++) {
            metrics.requested(request("deepseek-chat", "0.0000014", NOW));
            naive += 0.0000014;
        }

        double exported = registry.get("ep_chat_estimated_cost_usd").functionCounter().count();
        assertThat(metrics.estimatedTotal()).isEqualTo(Usd.of("0.14"));
        assertThat(exported).isEqualTo(0.14);
        assertThat(naive).isNotEqualTo(0.14); // what a plain Counter.increment(double) would have shown
        assertThat(new BigDecimal(exported).subtract(new BigDecimal("0.14")).abs())
                .isLessThan(new BigDecimal("0.000000001"));
    }

    @Test
    void shouldCountACircuitBreakerTripByLevelAndTimeTheAnswer() {
        metrics.rejected(request("deepseek-v3.1", "0.5", NOW.minusMillis(300)), BudgetLevel.USER_DAILY);

        String text = registry.scrape();
        assertThat(text).contains("ep_chat_budget_circuit_breaker_total{level=\"user_daily\"} 1.0");
        assertThat(text).contains("ep_chat_request_duration_seconds_bucket{model=\"deepseek-v3.1\",outcome=\"rejected\",le=\"0.5\"} 1");
        assertThat(text).contains("ep_chat_request_duration_seconds_bucket{model=\"deepseek-v3.1\",outcome=\"rejected\",le=\"0.25\"} 0");
    }

}
