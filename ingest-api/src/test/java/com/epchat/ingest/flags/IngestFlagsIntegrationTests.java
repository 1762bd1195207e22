package com.epchat.ingest.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagEdits;
import com.epchat.flags.FlagEdits.Change;
import com.epchat.flags.testing.LiveFlags;
import com.epchat.ingest.IngestApiApplication;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FeatureFlags;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobControl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two ingest-api instances on a real broker follow the live flags without a restart: an emergency
 * rollback holds requests to 64K, gives a request that names no model {@code deepseek-chat} and
 * guards every request; a restore undoes it; the prometheus flag switches {@code /api/metrics}.
 * No budget-streams runs: requests that pass validation are published and answered 503 after a
 * one-second wait for their decision, which is all these tests need (and what the timeout test checks:
 * such a job is cancelled and marked failed).
 */
class IngestFlagsIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final FeatureFlags DEFAULTS = EnvironmentFlags.from(name -> null, "test", Instant.now());
    static final HttpClient http = HttpClient.newHttpClient();

    static List<ConfigurableApplicationContext> instances;
    static LiveFlags flags;
    static KafkaConsumer<String, GenerationRequested> published;
    static final Map<String, GenerationRequested> requests = new ConcurrentHashMap<>();

    @BeforeAll
    static void startTwoInstances() {
        flags = new LiveFlags(TestKafka.bootstrapServers());
        instances = List.of(instance(), instance());
        change(current -> FlagEdits.apply(current, DEFAULTS, new Change("test", "start", Instant.now())));
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "ingest-flags-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        published = new KafkaConsumer<>(props, Topics.GENERATION_REQUESTS.keySerde().deserializer(),
                Topics.GENERATION_REQUESTS.valueSerde().deserializer());
        published.subscribe(List.of(Topics.GENERATION_REQUESTS.name()));
    }

    static final String KEY = "ep_" + "1".repeat(64);

    static ConfigurableApplicationContext instance() {
        return IngestApiApplication.builder().properties(
                "KAFKA_BOOTSTRAP_SERVERS=" + TestKafka.bootstrapServers(),
                "INGEST_API_PORT=0",
                "EP_DECISION_TIMEOUT=1s",
                "EP_API_KEYS=" + com.epchat.ingest.security.ApiKeys.entry(KEY, "flags-tester",
                        java.util.Set.of(com.epchat.ingest.security.Role.USER)),
                // the tester may send enableBudgetGuard:false, so that the emergency's "guard for all" shows
                "EP_BUDGET_GUARD_BYPASS_USERS=flags-tester").run();
    }

    @AfterAll
    static void stopInstances() {
        change(current -> FlagEdits.apply(current, DEFAULTS, new Change("test", "reset", Instant.now())));
        instances.forEach(ConfigurableApplicationContext::close);
        published.close();
    }

    static void change(UnaryOperator<FeatureFlags> edit) {
        flags.change(edit);
    }

    static void awaitOnEveryInstance(Predicate<FeatureFlags> state) {
        LiveFlags.awaitOnEvery(instances, WAIT, state);
    }

    static URI uri(ConfigurableApplicationContext instance, String path) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return URI.create("http://localhost:" + port + path);
    }

    static HttpResponse<String> generate(ConfigurableApplicationContext instance, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(instance, "/api/generate"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int metrics(ConfigurableApplicationContext instance) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(instance, "/api/metrics")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The request an instance published for the job its 503 answer names. */
    static GenerationRequested publishedFor(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        String jobId = answer.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
        await().atMost(WAIT).until(() -> {
            published.poll(Duration.ofMillis(200)).forEach(r -> requests.put(r.value().jobId(), r.value()));
            return requests.containsKey(jobId);
        });
        return requests.get(jobId);
    }

    @Test
    void shouldApplyAnEmergencyRollbackToRequestsOnBothInstancesAndUndoItOnRestore() throws Exception {
        String large = "{\"prompt\":\"hi\",\"maxTokens\":100000}";
        String unguarded = "{\"prompt\":\"hi\",\"maxTokens\":100,\"enableBudgetGuard\":false}";
        for (ConfigurableApplicationContext instance : instances) {
            GenerationRequested before = publishedFor(generate(instance, unguarded));
            assertThat(before.model()).isEqualTo("deepseek-v3.1");
            assertThat(before.budgetGuard()).isFalse();
            assertThat(generate(instance, large).statusCode()).isEqualTo(503);
        }

        change(current -> FlagEdits.emergency(current, new Change("oncall", "incident 12", Instant.now())));
        awaitOnEveryInstance(f -> !f.extendedContext() && f.budgetGuard());

        for (ConfigurableApplicationContext instance : instances) {
            HttpResponse<String> refused = generate(instance, large);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("\"field\":\"maxTokens\"").contains("65536-token context");
            GenerationRequested during = publishedFor(generate(instance, unguarded));
            assertThat(during.model()).isEqualTo("deepseek-chat");
            assertThat(during.budgetGuard()).as("every request guarded").isTrue();
        }

        change(current -> FlagEdits.restore(current, new Change("oncall", "fixed", Instant.now())));
        awaitOnEveryInstance(f -> f.extendedContext() && !f.budgetGuard());

        for (ConfigurableApplicationContext instance : instances) {
            assertThat(generate(instance, large).statusCode()).isEqualTo(503);
            assertThat(publishedFor(generate(instance, unguarded)).model()).isEqualTo("deepseek-v3.1");
        }
    }

    @Test
    void shouldCancelAndFailAJobWhoseDecisionDidNotComeInTime() throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "ingest-timeout-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        String jobId = publishedFor(generate(instances.get(0), "{\"prompt\":\"hi\",\"maxTokens\":100}")).jobId();

        try (var control = new KafkaConsumer<>(props, Topics.JOB_CONTROL.keySerde().deserializer(),
                Topics.JOB_CONTROL.valueSerde().deserializer())) {
            control.subscribe(List.of(Topics.JOB_CONTROL.name()));
            Map<String, JobControl> commands = new ConcurrentHashMap<>();
            await().atMost(WAIT).until(() -> {
                control.poll(Duration.ofMillis(200)).forEach(r -> commands.put(r.key(), r.value()));
                return commands.containsKey(jobId);
            });
            assertThat(commands.get(jobId).action()).isEqualTo(JobControl.Action.CANCEL);
        }
        // the other instance learns it from ep.job.status
        await().atMost(WAIT).untilAsserted(() -> assertThat(http.send(
                HttpRequest.newBuilder(uri(instances.get(1), "/api/jobs/" + jobId)).header("Authorization", "Bearer " + KEY)
                        .build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("budget_decision_timeout").containsIgnoringCase("\"state\":\"failed\""));
    }

    @Test
    void shouldServeMetricsOnlyWhileThePrometheusFlagIsOn() throws Exception {
        assertThat(instances).allSatisfy(i -> assertThat(metrics(i)).isEqualTo(200));

        change(current -> FlagEdits.set(current, List.of("PROM_ENABLED=false"), new Change("ops", "", Instant.now())));
        awaitOnEveryInstance(f -> !f.prometheus());

        assertThat(instances).allSatisfy(i -> assertThat(metrics(i)).isEqualTo(404));

        change(current -> FlagEdits.set(current, List.of("prometheus=on"), new Change("ops", "", Instant.now())));
        awaitOnEveryInstance(FeatureFlags::prometheus);

        assertThat(instances).allSatisfy(i -> assertThat(metrics(i)).isEqualTo(200));
    }
}
