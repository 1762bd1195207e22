package com.epchat.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.cost.reconcile.CostReconciler;
import com.epchat.cost.reconcile.Reconciliation;
import com.epchat.ingest.metrics.GenerationMetrics;
import com.epchat.localstack.LocalStack.LocalStackSettings;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.testsupport.SseTestClient;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.money.Usd;
import com.epchat.worker.intake.LaneSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cost end to end on a real broker, DeepSeek played by the simulator: after a mixed run (completed,
 * continued, rejected, and failed jobs, one billed nothing and one billed a cut stream) the sum of
 * each finance rollup = the sum of the usage events = the sum of the per-job costs (the jobs' last
 * SSE events and their status) = the workers' cost counter, to the micro-dollar; and a real
 * Prometheus scraping the four services reads the same counter and the guide's alert ratio.
 */
class CostMonitoringIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String RUN = "recon-" + UUID.randomUUID().toString().substring(0, 8);

    /** One kind of job of the mixed run; a cancelled job joins as one more case once cancelling lands. */
    record JobCase(String name, String prompt, int maxTokens, int httpStatus, String lastEvent) {

        String userId() {
            return RUN + "-" + name;
        }
    }

    static final List<JobCase> CASES = List.of(
            new JobCase("completed", "Completed job [[sim:tokens=40]]", 200, 202, "done"),
            new JobCase("continued", "Continued job [[sim:tokens=9000]]", 10_000, 202, "done"),
            new JobCase("rejected", "生成超长内容", 120_000, 402, null),
            new JobCase("failed-at-once", "Failing job [[sim:fault=bad_request]]", 100, 202, "error"),
            new JobCase("failed-mid-stream", "Cut job [[sim:fault=disconnect,after=5]]", 100, 202, "error"));

    /** What a case's client saw: the HTTP answer and, for a job, its last SSE event. */
    record Outcome(int status, JsonNode answer, String lastEvent, JsonNode last) {

        Usd cost() {
            return last == null ? Usd.ZERO : Usd.of(last.get("cost").asString());
        }
    }

    static DeepSeekSimulator simulator;
    static LocalStack stack;
    static final Map<JobCase, Outcome> outcomes = new LinkedHashMap<>();

    @BeforeAll
    static void runMixedJobs() throws Exception {
        simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0).withTokensPerSecond(0)
                .withFirstTokenDelay(Duration.ofMillis(50)));
        stack = new LocalStack();
        stack.start(LocalStackSettings.forTests(TestKafka.bootstrapServers(), simulator.baseUrl(),
                Files.createTempDirectory("ep-cost-state")));
        for (JobCase c : CASES) {
            outcomes.put(c, run(c));
        }
    }

    @AfterAll
    static void stopPipeline() {
        if (stack != null) {
            stack.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    static Outcome run(JobCase c) throws Exception {
        var http = HttpClient.newHttpClient();
        // the demo key is an admin's: it may submit for each case's own user
        var response = http.send(HttpRequest.newBuilder(uri("/api/generate"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.demoApiKey())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"prompt":"%s","model":"deepseek-v3.1","maxTokens":%d,"userId":"%s"}"""
                        .formatted(c.prompt(), c.maxTokens(), c.userId()))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 202) {
            return new Outcome(response.statusCode(), answer, null, null);
        }
        var events = new SseTestClient().get(uri(answer.get("events").asString()), stack.demoApiKey(), null,
                Duration.ofSeconds(120),
                e -> "done".equals(e.name()) || "error".equals(e.name()));
        var last = events.events().stream().filter(e -> "done".equals(e.name()) || "error".equals(e.name()))
                .findFirst().orElseThrow(() -> new AssertionError(c.name() + " never ended: " + events.body()));
        return new Outcome(202, answer, last.name(), JSON.readTree(last.data()));
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + stack.ingestPort() + path);
    }

    static URI metricsOf(String service) {
        return URI.create("http://localhost:" + stack.servicePort(service) + "/api/metrics");
    }

    static Usd perJobCosts() {
        return outcomes.values().stream().map(Outcome::cost).reduce(Usd.ZERO, Usd::plus);
    }

    static final Predicate<String> OURS = user -> user != null && user.startsWith(RUN + "-");

    @Test
    void shouldEndEveryJobAsItsCaseSays() {
        outcomes.forEach((c, outcome) -> {
            assertThat(outcome.status()).as(c.name()).isEqualTo(c.httpStatus());
            assertThat(outcome.lastEvent()).as("%s ended with %s", c.name(), outcome.last()).isEqualTo(c.lastEvent());
        });
        JsonNode continued = outcomes.get(CASES.get(1)).last();
        assertThat(continued.get("rounds").asInt()).as("continued rounds").isEqualTo(2);
        assertThat(continued.get("usage").get("output").asLong()).as(continued.toString()).isEqualTo(9_000);
        assertThat(outcomes.get(CASES.get(2)).answer().get("error").asString()).isEqualTo("budget_exceeded");
        assertThat(outcomes.get(CASES.get(4)).cost().isGreaterThan(Usd.ZERO))
                .as("a stream cut mid-way is billed for what it sent").isTrue();
    }

    @Test
    void shouldReconcileRollupsUsageJobCostsAndTheCostCounterToTheMicroDollar() {
        CostReconciler reconciler = new CostReconciler(TestKafka.bootstrapServers());
        Usd expected = perJobCosts();

        Reconciliation ours = await("our users' rollups, usage, jobs and counter agree").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> reconciler.reconcile(OURS, List.of(metricsOf("generation-worker"))),
                        r -> r.reconciled() && r.usage().equals(expected));

        System.out.print(ours.describe()); // in target/surefire-reports/*-output.txt
        assertThat(ours.usage()).isEqualTo(expected);
        assertThat(ours.rollups().get("ep.finance.user-daily")).isEqualTo(expected);
        assertThat(ours.jobs()).isEqualTo(expected);
        assertThat(ours.metric().subtract(expected.amount()).abs()).isLessThan(new BigDecimal("0.000000001"));
        // every job ends with a final status: the accepted ones by the worker, the 402 by ingest-api (rejected)
        assertThat(ours.jobsEnded()).isEqualTo(CASES.stream().filter(c -> c.httpStatus() == 202 || c.httpStatus() == 402)
                .count());
        // every user's usage in the topics, this run's and any earlier test's: the site and model rollups agree
        Reconciliation everyone = await("all rollups agree").atMost(Duration.ofSeconds(60))
                .until(() -> reconciler.reconcile(null, List.of()), Reconciliation::reconciled);
        assertThat(everyone.rollups()).containsOnlyKeys("ep.finance.user-daily", "ep.finance.site-hourly",
                "ep.finance.model-daily").allSatisfy((topic, sum) -> assertThat(sum).isEqualTo(everyone.usage()));
    }

    @Test
    void shouldLetARealPrometheusScrapeTheCostCounterAndTheGuidesRatio() throws Exception {
        Map<String, Integer> targets = Map.of(
                "ingest-api:3000", stack.servicePort("ingest-api"),
                "budget-streams:3001", stack.servicePort("budget-streams"),
                "generation-worker:3002", stack.servicePort("generation-worker"),
                "cost-aggregator:3003", stack.servicePort("cost-aggregator"),
                "batch-coordinator:3005", stack.servicePort("batch-coordinator"));
        Usd expectedCost = perJobCosts();
        GenerationMetrics ingest = stack.service("ingest-api").getBean(GenerationMetrics.class);
        BigDecimal expectedRatio = ingest.estimatedTotal().amount()
                .divide(BigDecimal.valueOf(CASES.size()), java.math.MathContext.DECIMAL64);

        try (RealPrometheus prometheus = RealPrometheus.start(Path.of("..", "deploy", "prometheus"), targets,
                Files.createTempDirectory("ep-prometheus"))) {
            await("prometheus scraped the worker's cost").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> value(prometheus.query("sum(ep_chat_actual_cost_usd_total)"))
                            .subtract(expectedCost.amount()).abs().compareTo(new BigDecimal("0.000000001")) < 0);
            await("prometheus scraped the lag of the worker and of cost-aggregator").atMost(Duration.ofSeconds(90))
                    .ignoreExceptions().until(() -> prometheus.query(
                            "count by (group) (ep_chat_consumer_lag_records)").size() >= 2);
            // each target is scraped on its own schedule: wait until every service has been scraped once
            await("prometheus scraped every service").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> prometheus.query("up{job=\"ep-chat\"} == 1").size() == targets.size()
                            && prometheus.query("ep_chat_estimated_cost_usd_total / ep_chat_requests_total").size() > 0);
            JsonNode ratio = prometheus.query("ep_chat_estimated_cost_usd_total / ep_chat_requests_total");
            JsonNode budget = prometheus.query("ep_chat_site_hourly_budget_usd");
            JsonNode spend = prometheus.query("ep_chat_site_hourly_spend_usd >= 0");
            JsonNode lagGroups = prometheus.query("count by (group) (ep_chat_consumer_lag_records)");
            JsonNode up = prometheus.query("up{job=\"ep-chat\"}");
            JsonNode rules = prometheus.rules();

            assertThat(ratio).hasSize(1);
            assertThat(ratio.get(0).get("metric").get("model").asString()).isEqualTo("deepseek-v3.1");
            assertThat(value(ratio).subtract(expectedRatio).abs()).isLessThan(new BigDecimal("0.000000001"));
            assertThat(value(budget)).isEqualByComparingTo("8");
            assertThat(spend).as("the current hour's spend is a number").hasSize(1);
            String workerGroup = stack.service("generation-worker").getBean(LaneSettings.INTERACTIVE_LISTENER,
                    org.springframework.kafka.listener.MessageListenerContainer.class).getGroupId();
            assertThat(lagGroups).extracting(g -> g.get("metric").get("group").asString())
                    .contains(workerGroup, "ep-cost-aggregator");
            assertThat(up).hasSize(5).allSatisfy(series -> assertThat(series.get("value").get(1).asString())
                    .isEqualTo("1"));
            assertThat(rules.get(0).get("name").asString()).isEqualTo("ep-chat");
            assertThat(rules.get(0).get("rules")).extracting(r -> r.get("name").asString())
                    .contains("HighCostPerRequest", "BudgetExceeded", "SiteHourlyBudget80Percent",
                            "SiteHourlyBudget95Percent", "PipelineStalled");
        }
    }

    static BigDecimal value(JsonNode result) {
        assertThat(result).hasSize(1);
        return new BigDecimal(result.get(0).get("value").get(1).asString());
    }
}
