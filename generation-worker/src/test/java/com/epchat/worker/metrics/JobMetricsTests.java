package com.epchat.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's job metrics as Prometheus scrapes them: names, bounded labels, exact cost. */
class JobMetricsTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final JobMetrics metrics = new JobMetrics(registry);
    final GenerationRequested request = new GenerationRequested("job-1", "alice", "deepseek-v3.1",
            List.of(ChatMessage.user("hi")), 100, true, Lane.INTERACTIVE, null, NOW);

    static UsageEvent usage(int round, String cost) {
        return new UsageEvent("job-1/" + round, "job-1", "alice", "deepseek-v3.1", "deepseek-chat", round,
                new TokenUsage(64, 36, 200, 20), Usd.of(cost), false, false, NOW);
    }

    @Test
    void shouldSumTheUsageCostExactlyAndCountTokensByKind() {
        for (int round = 1; round <= 1_000; round++) {
            metrics.billed(usage(round, "0.0006404"));
        }

        String text = registry.scrape();
        assertThat(metrics.actualCostTotal()).isEqualTo(Usd.of("0.6404"));
        assertThat(text).contains("ep_chat_actual_cost_usd_total{model=\"deepseek-v3.1\"} 0.6404\n");
        assertThat(text).contains("ep_chat_tokens_total{kind=\"input_cache_hit\",model=\"deepseek-v3.1\"} 64000.0");
        assertThat(text).contains("ep_chat_tokens_total{kind=\"output\",model=\"deepseek-v3.1\"} 200000.0");
        assertThat(text).contains("ep_chat_tokens_total{kind=\"reasoning\",model=\"deepseek-v3.1\"} 20000.0");
        assertThat(text).doesNotContain("alice").doesNotContain("job-1");
        double exported = registry.get("ep_chat_actual_cost_usd").functionCounter().count();
        assertThat(new BigDecimal(exported).subtract(new BigDecimal("0.6404")).abs()).isLessThan(new BigDecimal("1e-12"));
    }

    @Test
    void shouldTrackRunningJobsTimeToFirstTokenContinuationsAndDuration() {
        metrics.started(request);
        metrics.firstToken(request, NOW.plusMillis(400));
        metrics.continued(request, "length");

        assertThat(registry.get("ep_chat_active_streams").tags("kind", "provider", "lane", "interactive").gauge()
                .value()).isEqualTo(1.0);
        metrics.ended(request, "completed", NOW.plusSeconds(20));

        String text = registry.scrape();
        assertThat(text).contains("ep_chat_active_streams{kind=\"provider\",lane=\"interactive\"} 0.0");
        assertThat(text).contains(
                "ep_chat_time_to_first_token_seconds_bucket{lane=\"interactive\",model=\"deepseek-v3.1\",le=\"0.5\"} 1");
        assertThat(text).contains(
                "ep_chat_time_to_first_token_seconds_bucket{lane=\"interactive\",model=\"deepseek-v3.1\",le=\"0.25\"} 0");
        assertThat(text).contains("ep_chat_continuations_total{model=\"deepseek-v3.1\",reason=\"length\"} 1.0");
        assertThat(text).contains(
                "ep_chat_job_duration_seconds_count{lane=\"interactive\",model=\"deepseek-v3.1\",outcome=\"completed\"} 1");
    }

    @Test
    void shouldCountBulkJobsApartFromInteractiveOnes() {
        GenerationRequested bulk = new GenerationRequested("b.1.1", "alice", "deepseek-v3.1",
                List.of(ChatMessage.user("hi")), 100, true, Lane.BULK, null, NOW);
        metrics.started(bulk);
        metrics.started(bulk);
        metrics.started(request);
        metrics.firstToken(bulk, NOW.plusSeconds(3));

        assertThat(registry.get("ep_chat_active_streams").tags("lane", "bulk").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("ep_chat_active_streams").tags("lane", "interactive").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("ep_chat_time_to_first_token").tags("lane", "bulk").timer().count()).isEqualTo(1);
        assertThat(registry.find("ep_chat_time_to_first_token").tags("lane", "interactive").timer()).isNull();
    }
}
