package com.epchat.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorScript;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topics;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk batches through the whole pipeline on a real broker with the simulator: ingest-api →
 * batch-coordinator → budget-streams → the worker's bulk lane → results. Each test uses a user of its
 * own (keys provisioned from a file, as in production), so their budgets don't meet. This class runs
 * in a JVM of its own (see the pom), so the budgets below apply to it alone: a user may spend
 * {@value #USER_DAILY} a day, and a batch's completion window may be as short as 5 s.
 */
class BatchEndToEndIntegrationTests {

    static final String USER_DAILY = "0.05";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofMinutes(3);
    static final Map<String, String> keys = new HashMap<>();
    static LocalStack stack;

    @BeforeAll
    static void startPipeline() throws Exception {
        StringBuilder entries = new StringBuilder();
        for (String user : List.of("bulk-big", "bulk-cancel", "bulk-expiry", "bulk-fail", "bulk-wait")) {
            String key = ApiKeyTool.newKey();
            keys.put(user, key);
            entries.append(ApiKeys.entry(key, user, Set.of(Role.USER))).append('\n');
        }
        Path file = Files.createTempFile("ep-batch-keys", ".txt");
        Files.writeString(file, entries);
        // system properties outrank the services' defaults, in this JVM only
        System.setProperty("EP_API_KEYS_FILE", file.toString());
        System.setProperty("BUDGET_USER_DAILY_USD", USER_DAILY);
        System.setProperty("BATCH_MIN_COMPLETION_WINDOW", "5s");
        stack = SharedPipeline.stack();
    }

    @Test
    void shouldCompleteAThousandItemsOnceEachAcrossAWorkerAndCoordinatorRestart() throws Exception {
        String user = "bulk-big";
        String id = submit(user, items(1_000, "row-", "[[sim:tokens=5,ttft_ms=0]]", 5), "").path("id").asString();

        awaitBatch(user, id, b -> b.path("counts").path("succeeded").asInt() >= 100);
        stack.restart("generation-worker");
        stack.restart("batch-coordinator");
        JsonNode done = awaitBatch(user, id, b -> "completed".equals(b.path("status").asString()));

        assertThat(done.path("counts").path("succeeded").asInt()).isEqualTo(1_000);
        List<JsonNode> results = results(user, id);
        assertThat(results).hasSize(1_000);
        assertThat(results.stream().map(r -> r.path("custom_id").asString()).distinct()).hasSize(1_000);
        assertThat(results).allSatisfy(r -> {
            int i = Integer.parseInt(r.path("custom_id").asString().substring(4));
            assertThat(r.path("error").isNull()).as(r.toString()).isTrue();
            assertThat(r.path("output").asString())
                    .isEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt(i, "[[sim:tokens=5,ttft_ms=0]]")))));
        });
        // no item generated twice: one request per item, and the money adds up to the micro-dollar
        Map<String, Long> requests = requestsOf(id);
        assertThat(requests).hasSize(1_000).allSatisfy((job, n) -> assertThat(n).as(job).isEqualTo(1L));
        Usd resultsCost = results.stream().map(r -> Usd.of(r.path("cost").asString())).reduce(Usd.ZERO, Usd::plus);
        assertThat(resultsCost).isEqualTo(Usd.of(done.path("spentUsd").asString()));
        assertThat(resultsCost).isEqualTo(usageCostOf(id, 1_000));
    }

    @Test
    void shouldFailItemsTheBudgetRejectsWhenAskedToFailAndNeverSpendOverTheBudget() throws Exception {
        String user = "bulk-fail";
        String id = submit(user, expensiveItems(40), "?onBudgetReject=fail").path("id").asString();

        JsonNode done = awaitBatch(user, id, b -> "completed".equals(b.path("status").asString()));

        int succeeded = done.path("counts").path("succeeded").asInt();
        int rejected = done.path("counts").path("rejectedByBudget").asInt();
        assertThat(succeeded).isPositive();
        assertThat(rejected).isPositive();
        assertThat(succeeded + rejected).isEqualTo(40);
        Usd spent = Usd.of(done.path("spentUsd").asString());
        assertThat(spent.compareTo(Usd.of(USER_DAILY))).isLessThanOrEqualTo(0);
        List<JsonNode> refused = results(user, id).stream().filter(r -> !r.path("error").isNull()).toList();
        assertThat(refused).hasSize(rejected).allSatisfy(r -> {
            assertThat(r.path("error").path("code").asString()).isEqualTo("budget_rejected");
            assertThat(r.path("error").path("message").asString()).contains("user_daily");
        });
    }

    @Test
    void shouldKeepRejectedItemsWaitingForTheWindowWhenAskedToWaitThenCancelThem() throws Exception {
        String user = "bulk-wait";
        String id = submit(user, expensiveItems(30), "?onBudgetReject=wait").path("id").asString();

        JsonNode waiting = awaitBatch(user, id, b -> b.path("counts").path("running").asInt() == 0
                && b.path("counts").path("succeeded").asInt() > 0 && b.path("counts").path("pending").asInt() > 0);
        assertThat(waiting.path("status").asString()).isEqualTo("in_progress");
        assertThat(waiting.path("counts").path("rejectedByBudget").asInt()).isZero();
        int pending = waiting.path("counts").path("pending").asInt();

        cancel(user, id);
        JsonNode cancelled = awaitBatch(user, id, b -> "cancelled".equals(b.path("status").asString()));

        assertThat(cancelled.path("counts").path("cancelled").asInt()).isEqualTo(pending);
        assertThat(results(user, id).stream().filter(r -> !r.path("error").isNull()))
                .hasSize(pending)
                .allSatisfy(r -> assertThat(r.path("error").path("code").asString()).isEqualTo("batch_cancelled"));
    }

    @Test
    void shouldStopRunningAndQueuedItemsOnCancelAndBillWhatWasGenerated() throws Exception {
        String user = "bulk-cancel";
        String id = submit(user, items(100, "c-", "[[sim:tokens=300,tps=30,ttft_ms=0]]", 300), "").path("id").asString();
        awaitBatch(user, id, b -> b.path("counts").path("succeeded").asInt() > 0
                && b.path("counts").path("running").asInt() > 0);

        cancel(user, id);
        JsonNode done = awaitBatch(user, id, b -> "cancelled".equals(b.path("status").asString()));

        JsonNode counts = done.path("counts");
        assertThat(counts.path("succeeded").asInt() + counts.path("cancelled").asInt()).isEqualTo(100);
        assertThat(counts.path("cancelled").asInt()).isPositive();
        List<JsonNode> results = results(user, id);
        assertThat(results).hasSize(100);
        // the items stopped mid-stream were billed for what they streamed
        assertThat(results).anySatisfy(r -> {
            assertThat(r.path("error").path("code").asString()).isEqualTo("batch_cancelled");
            assertThat(new BigDecimal(r.path("cost").asString())).isPositive();
        });
        Usd resultsCost = results.stream().map(r -> Usd.of(r.path("cost").asString())).reduce(Usd.ZERO, Usd::plus);
        assertThat(resultsCost).isEqualTo(Usd.of(done.path("spentUsd").asString()));
    }

    @Test
    void shouldExpireABatchThatOutlivesItsCompletionWindow() throws Exception {
        String user = "bulk-expiry";
        String id = submit(user, items(60, "e-", "[[sim:tokens=400,tps=20,ttft_ms=0]]", 400), "?completionWindow=8s")
                .path("id").asString();

        JsonNode done = awaitBatch(user, id, b -> "expired".equals(b.path("status").asString()));

        JsonNode counts = done.path("counts");
        assertThat(counts.path("expired").asInt()).isPositive();
        assertThat(counts.path("pending").asInt() + counts.path("running").asInt()).isZero();
        assertThat(results(user, id)).hasSize(60)
                .filteredOn(r -> !r.path("error").isNull())
                .allSatisfy(r -> assertThat(r.path("error").path("code").asString()).isEqualTo("batch_expired"));
    }

    static String prompt(int i, String directive) {
        return "Batch item number " + i + " " + directive;
    }

    static String line(String customId, String prompt, int maxTokens) {
        return "{\"custom_id\":\"%s\",\"body\":{\"prompt\":\"%s\",\"maxTokens\":%d}}\n".formatted(customId, prompt,
                maxTokens);
    }

    /** n lines {@code <prefix><i>}, each asking for {@code maxTokens} with the simulator directive given. */
    static String items(int n, String prefix, String directive, int maxTokens) {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < n; i++) {
            file.append(line(prefix + i, prompt(i, directive), maxTokens));
        }
        return file.toString();
    }

    /** Items whose worst case is about $0.0056 each: the day's $0.05 runs out a few items in. */
    static String expensiveItems(int n) {
        return items(n, "x-", "[[sim:tokens=2000,tps=0,ttft_ms=0]]", 2_000);
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + stack.ingestPort() + path);
    }

    static HttpRequest.Builder as(String user, String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + keys.get(user));
    }

    static JsonNode submit(String user, String jsonl, String query) throws Exception {
        HttpResponse<String> answer = HTTP.send(as(user, "/api/batches" + query)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(jsonl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body());
    }

    static void cancel(String user, String id) throws Exception {
        HttpResponse<String> answer = HTTP.send(as(user, "/api/batches/" + id + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    static JsonNode awaitBatch(String user, String id, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = JSON.readTree(HTTP.send(as(user, "/api/batches/" + id).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            return condition.test(last[0]);
        });
        return last[0];
    }

    static List<JsonNode> results(String user, String id) throws Exception {
        String body = HTTP.send(as(user, "/api/batches/" + id + "/results?wait=true").build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
    }

    /** How many times each of the batch's jobs was requested from the budget guard. */
    static Map<String, Long> requestsOf(String batchId) {
        List<GenerationRequested> requests = new ArrayList<>();
        readAll(Topics.GENERATION_REQUESTS.name(), bytes -> {
            GenerationRequested r = Topics.GENERATION_REQUESTS.valueSerde().deserializer()
                    .deserialize(Topics.GENERATION_REQUESTS.name(), bytes);
            if (r != null && r.batch() != null && batchId.equals(r.batch().batchId())) {
                requests.add(r);
            }
        });
        return requests.stream().collect(Collectors.groupingBy(GenerationRequested::jobId, Collectors.counting()));
    }

    /** What ep.usage billed for the batch's jobs, once every one of them wrote its last usage event. */
    static Usd usageCostOf(String batchId, int jobs) {
        Map<String, UsageEvent> usage = new HashMap<>();
        await().atMost(WAIT).until(() -> {
            usage.clear();
            readAll(Topics.USAGE.name(), bytes -> {
                UsageEvent u = Topics.USAGE.valueSerde().deserializer().deserialize(Topics.USAGE.name(), bytes);
                if (u != null && u.jobId().startsWith(batchId + ".")) {
                    usage.put(u.usageId(), u);
                }
            });
            return usage.values().stream().filter(UsageEvent::last).count() == jobs;
        });
        return usage.values().stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus);
    }

    /** Every record of a topic up to its end now. */
    static void readAll(String topic, java.util.function.Consumer<byte[]> each) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("batch-e2e"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> each.accept(r.value()));
            }
        }
    }
}
