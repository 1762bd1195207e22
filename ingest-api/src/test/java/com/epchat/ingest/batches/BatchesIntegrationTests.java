package com.epchat.ingest.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.ingest.IngestApiApplication;
import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch endpoints on a real broker, batch-coordinator played by the test: items and seal land in
 * one committed transaction (a refused file leaves nothing), Idempotency-Key, the coordinator's state
 * shown, results read from the batch's partition only (also following until final), cancel; and the
 * {@code tools/ep-batch} CLI run against the app.
 */
class BatchesIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ALICE = ApiKeyTool.newKey();
    static final String BOB = ApiKeyTool.newKey();
    static final String CAROL = ApiKeyTool.newKey();
    static final String LINE = "{\"custom_id\":\"%s\",\"body\":{\"prompt\":\"say %s\",\"maxTokens\":20}}";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static ConfigurableApplicationContext app;
    static KafkaProducer<String, BatchState> states;
    static KafkaProducer<String, BatchResult> results;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        String keys = ApiKeys.entry(ALICE, "alice", Set.of(Role.USER)) + ";" + ApiKeys.entry(BOB, "bob", Set.of(Role.USER))
                + ";" + ApiKeys.entry(CAROL, "carol", Set.of(Role.USER));
        app = IngestApiApplication.builder().properties(Map.of("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "INGEST_API_PORT", 0, "EP_API_KEYS", keys)).run();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        states = new KafkaProducer<>(props, Topics.BATCH_STATE.keySerde().serializer(),
                Topics.BATCH_STATE.valueSerde().serializer());
        results = new KafkaProducer<>(props, Topics.BATCH_RESULTS.keySerde().serializer(),
                Topics.BATCH_RESULTS.valueSerde().serializer());
    }

    @AfterAll
    static void stop() {
        states.close();
        results.close();
        app.close();
    }

    static String url(String path) {
        return "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port") + path;
    }

    HttpResponse<String> submit(String file, String key, String idempotencyKey) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url("/api/batches"))).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(file));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> call(String method, String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    String submitted(String file) throws Exception {
        var response = submit(file, ALICE, null);
        assertThat(response.statusCode()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asString();
    }

    /** What a read_committed reader finds on the batch's partition of ep.batch.input for it. */
    static List<BatchInput> input(String batchId) {
        TopicPartition tp = new TopicPartition(Topics.BATCH_INPUT.name(), Topics.batchPartition(batchId));
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<BatchInput> found = new ArrayList<>();
        try (var c = new KafkaConsumer<>(props, Topics.BATCH_INPUT.keySerde().deserializer(),
                Topics.BATCH_INPUT.valueSerde().deserializer())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (batchId.equals(r.key())) {
                        found.add(r.value());
                    }
                });
            }
        }
        return found;
    }

    static void publishState(String batchId, String userId, BatchStatus status, BatchCounts counts) throws Exception {
        BatchState local = app.getBean(BatchStateView.class).find(batchId).orElseThrow();
        Instant now = Instant.now();
        states.send(new ProducerRecord<>(Topics.BATCH_STATE.name(), batchId, new BatchState(batchId, userId, status,
                counts, local.spec(), Usd.of("0.0001"), Usd.ZERO, new TokenUsage(0, 10, 5, 0), now.minusSeconds(10),
                status.isFinal() ? now : null, now))).get();
    }

    static void publishResult(String batchId, String customId, int line, String error) throws Exception {
        var result = new BatchResult(batchId, customId, line, batchId + "." + line + ".1",
                error == null ? "answer " + customId : "", error == null ? "stop" : null, new TokenUsage(2, 8, 5, 1),
                Usd.of("0.0000294"), error == null ? null : new BatchResult.Error(error, "it ended so"), Instant.now());
        results.send(new ProducerRecord<>(Topics.BATCH_RESULTS.name(), Topics.batchPartition(batchId),
                BatchResult.key(batchId, customId), result)).get();
    }

    static List<JsonNode> ndjson(String body) {
        return body.lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
    }

    @Test
    void shouldPublishItemsThenTheSealInOneCommittedTransactionAndNothingForARefusedFile() throws Exception {
        String key = "upload-" + UUID.randomUUID();
        var accepted = submit(LINE.formatted("a", 1) + "\n" + LINE.formatted("b", 2) + "\n" + LINE.formatted("c", 3),
                ALICE, key);
        String refusedKey = "upload-" + UUID.randomUUID();
        var refused = submit(LINE.formatted("a", 1) + "\nnot json\n", ALICE, refusedKey);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/batches/" + BatchIds.forKey("alice", key));
        List<BatchInput> records = input(BatchIds.forKey("alice", key));
        assertThat(records).extracting(BatchInput::type).containsExactly(BatchInput.Type.ITEM, BatchInput.Type.ITEM,
                BatchInput.Type.ITEM, BatchInput.Type.SEAL);
        assertThat(records.subList(0, 3)).extracting(r -> r.item().customId()).containsExactly("a", "b", "c");
        assertThat(records.get(3).spec().total()).isEqualTo(3);
        assertThat(records.get(3).spec().idempotencyKey()).isEqualTo(key);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("lines").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(input(BatchIds.forKey("alice", refusedKey))).isEmpty();
    }

    @Test
    void shouldReadTheFileEvenWhenSentWithCurlsDefaultFormContentType() throws Exception {
        // curl --data-binary without -H sends application/x-www-form-urlencoded: the body must still be the file
        String key = "form-" + UUID.randomUUID();
        var response = http.send(HttpRequest.newBuilder(URI.create(url("/api/batches?allowInvalidLines=false")))
                .header("Authorization", "Bearer " + ALICE).header("Idempotency-Key", key)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(LINE.formatted("a&b=c", 1) + "\n" + LINE.formatted("d", 2)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(input(BatchIds.forKey("alice", key))).filteredOn(r -> r.type() == BatchInput.Type.ITEM)
                .extracting(r -> r.item().customId()).containsExactly("a&b=c", "d");
    }

    @Test
    void shouldReturnTheSameBatchForTheSameIdempotencyKeyAndPublishItOnce() throws Exception {
        String key = "retry-" + UUID.randomUUID();
        String file = LINE.formatted("only", 1);

        var first = submit(file, ALICE, key);
        var second = submit(file, ALICE, key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).get("id").asString())
                .isEqualTo(JSON.readTree(first.body()).get("id").asString());
        assertThat(input(BatchIds.forKey("alice", key))).filteredOn(r -> r.type() == BatchInput.Type.SEAL).hasSize(1);
    }

    @Test
    void shouldShowTheStateTheCoordinatorPublishes() throws Exception {
        String id = submitted(LINE.formatted("a", 1) + "\n" + LINE.formatted("b", 2) + "\n" + LINE.formatted("c", 3));
        assertThat(JSON.readTree(call("GET", "/api/batches/" + id, ALICE).body()).get("status").asString())
                .isEqualTo("validating");

        publishState(id, "alice", BatchStatus.IN_PROGRESS, new BatchCounts(3, 1, 1, 1, 0, 0, 0, 0));

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode view = JSON.readTree(call("GET", "/api/batches/" + id, ALICE).body());
            assertThat(view.get("status").asString()).isEqualTo("in_progress");
            assertThat(view.get("counts").get("succeeded").asInt()).isEqualTo(1);
            assertThat(view.get("percentDone").asDouble()).isEqualTo(33.3);
            assertThat(view.get("estimatedSecondsLeft").isNumber()).isTrue();
        });
        JsonNode list = JSON.readTree(call("GET", "/api/batches", ALICE).body()).get("batches");
        assertThat(list.get(0).get("id").asString()).isEqualTo(id);
        assertThat(call("GET", "/api/batches/" + id, BOB).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldStreamOnlyThisBatchsResultsAndFollowThemUntilTheBatchIsFinal() throws Exception {
        String id = submitted(LINE.formatted("a", 1) + "\n" + LINE.formatted("b", 2) + "\n" + LINE.formatted("c", 3));
        String neighbour;
        do {
            neighbour = BatchIds.random();
        } while (Topics.batchPartition(neighbour) != Topics.batchPartition(id));
        publishResult(id, "a", 1, null);
        publishResult(neighbour, "z", 1, null);
        publishResult(id, "b", 2, null);
        publishState(id, "alice", BatchStatus.IN_PROGRESS, new BatchCounts(3, 0, 1, 2, 0, 0, 0, 0));

        var now = call("GET", "/api/batches/" + id + "/results", ALICE);
        assertThat(now.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/x-ndjson"));
        List<JsonNode> lines = ndjson(now.body());
        assertThat(lines).extracting(l -> l.get("custom_id").asString()).containsExactly("a", "b");
        JsonNode a = lines.get(0);
        assertThat(a.get("job_id").asString()).isEqualTo(id + ".1.1");
        assertThat(a.get("output").asString()).isEqualTo("answer a");
        assertThat(a.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(a.get("usage").get("prompt_tokens").asLong()).isEqualTo(10);
        assertThat(a.get("usage").get("completion_tokens").asLong()).isEqualTo(5);
        assertThat(a.get("cost").asString()).isEqualTo("0.0000294");
        assertThat(a.has("error") && a.get("error").isNull()).isTrue();

        var following = http.sendAsync(HttpRequest.newBuilder(URI.create(url("/api/batches/" + id + "/results?wait=true")))
                .header("Authorization", "Bearer " + ALICE).build(), HttpResponse.BodyHandlers.ofString());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> !following.isDone());
        publishResult(id, "c", 3, "batch_cancelled");
        publishState(id, "alice", BatchStatus.CANCELLED, new BatchCounts(3, 0, 0, 2, 0, 0, 1, 0));

        await().atMost(PATIENCE).until(following::isDone);
        List<JsonNode> all = ndjson(following.get().body());
        assertThat(all).extracting(l -> l.get("custom_id").asString()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(all.get(2).get("error").get("code").asString()).isEqualTo("batch_cancelled");
    }

    @Test
    void shouldWriteTheCancelRecordForTheOwnerAndAnswer404ToAnotherUser() throws Exception {
        String id = submitted(LINE.formatted("a", 1));

        assertThat(call("POST", "/api/batches/" + id + "/cancel", BOB).statusCode()).isEqualTo(404);
        var cancel = call("POST", "/api/batches/" + id + "/cancel", ALICE);

        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(cancel.body()).get("status").asString()).isEqualTo("cancelling");
        List<BatchInput> records = input(id);
        assertThat(records).extracting(BatchInput::type).containsExactly(BatchInput.Type.ITEM, BatchInput.Type.SEAL,
                BatchInput.Type.CANCEL);
        assertThat(records.get(2).requestedBy()).isEqualTo("alice");
        assertThat(records.get(2).userId()).isEqualTo("alice");

        publishState(id, "alice", BatchStatus.CANCELLED, new BatchCounts(1, 0, 0, 0, 0, 0, 1, 0));
        await().atMost(PATIENCE).until(() -> call("POST", "/api/batches/" + id + "/cancel", ALICE).statusCode() == 409);
    }

    @Test
    void shouldSubmitFollowAndDownloadWithTheCli() throws Exception {
        Path dir = Files.createTempDirectory("ep-batch-cli");
        Path file = Files.writeString(dir.resolve("requests.jsonl"), LINE.formatted("x", 1) + "\n" + LINE.formatted("y", 2) + "\n");
        Path out = dir.resolve("results.jsonl");
        Path cli = Path.of("..", "tools", "ep-batch").toAbsolutePath().normalize();
        var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--source", "17", cli.toString(), "run", file.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile());
        builder.environment().putAll(Map.of("EP_URL", url(""), "EP_API_KEY", CAROL, "EP_BATCH_POLL", "0.2"));
        Process process = builder.start();
        try {
            BatchStateView view = app.getBean(BatchStateView.class);
            await().atMost(PATIENCE).until(() -> !view.ofUser("carol", 1).isEmpty());
            String id = view.ofUser("carol", 1).get(0).batchId();
            publishState(id, "carol", BatchStatus.IN_PROGRESS, new BatchCounts(2, 1, 1, 0, 0, 0, 0, 0));
            publishResult(id, "x", 1, null);
            publishResult(id, "y", 2, null);
            publishState(id, "carol", BatchStatus.COMPLETED, new BatchCounts(2, 0, 0, 2, 0, 0, 0, 0));

            await().atMost(PATIENCE).until(() -> !process.isAlive());
            String log = Files.readString(dir.resolve("cli.log"));
            assertThat(process.exitValue()).as(log).isZero();
            assertThat(log).contains("100.0%").contains("completed");
            assertThat(ndjson(Files.readString(out))).extracting(l -> l.get("custom_id").asString())
                    .containsExactlyInAnyOrder("x", "y");
        } finally {
            process.destroy();
        }
    }
}
