package com.epchat.worker;

import com.epchat.pricing.CostEstimator;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelPrice;
import com.epchat.pricing.TokenEstimator;
import com.epchat.topics.Topic;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BatchRef;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.DeadLetter;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobControl;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import com.epchat.testsupport.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays budget-streams' part for the worker's tests: publishes approved decisions (interactive, or bulk
 * on {@code ep.budget.decisions.bulk}) on the real broker, and reads back what the worker wrote for a job
 * (its chunk and usage events, and a batch item's outcomes with their keys).
 */
final class WorkerHarness implements AutoCloseable {

    static final ModelPrice PRICES = new ModelPrice(Usd.of("0.0014"), Usd.of("0.0014"), Usd.of("0.0028"));
    static final ModelCatalog CATALOG = ModelCatalog.defaults(131_072, true);

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ChunkEvent> chunks = new CopyOnWriteArrayList<>();
    private final List<UsageEvent> usage = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<String, BatchItemOutcome>> outcomes = new CopyOnWriteArrayList<>();

    WorkerHarness() {
        try (Admin admin = TestKafka.admin()) {
            TopicCreator.createMissing(admin, Topics.all());
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "worker-test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.GENERATION_CHUNKS.name(), Topics.USAGE.name(), Topics.BATCH_OUTCOMES.name()));
        // start at the end: earlier test classes on this broker left thousands of events behind, and
        // reading through them would make this reader lag behind the job it watches
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    static GenerationRequested request(String userId, String model, String prompt, int maxTokens) {
        return new GenerationRequested(UUID.randomUUID().toString(), userId, model, List.of(ChatMessage.user(prompt)),
                maxTokens, true, Lane.INTERACTIVE, null, Instant.now());
    }

    /** A batch item's first attempt, as the batch-coordinator dispatches it (job id {@code <batchId>.<line>.1}). */
    static GenerationRequested bulkRequest(String userId, String prompt, int maxTokens) {
        String batchId = "batch_" + UUID.randomUUID().toString().replace("-", "");
        return request(userId, "deepseek-v3.1", prompt, maxTokens)
                .forAttempt(new BatchRef(batchId, "item-7", 7, 1), Instant.now());
    }

    GenerationRequested approveBulk(GenerationRequested request) {
        send(Topics.BUDGET_DECISIONS_BULK, request.userId(), BudgetDecision.approve(request, worstCase(request),
                Usd.ZERO, Instant.now()));
        return request;
    }

    BudgetDecision rejectBulk(GenerationRequested request, BudgetLevel level, Instant retryAt) {
        BudgetDecision decision = BudgetDecision.reject(request, level, Usd.of("0.001"), retryAt,
                level + " budget exceeded", Instant.now());
        send(Topics.BUDGET_DECISIONS_BULK, request.userId(), decision);
        return decision;
    }

    /** The worst case the budget guard would reserve for this request. */
    static Usd worstCase(GenerationRequested request) {
        var spec = CATALOG.find(request.model()).orElseThrow();
        return CostEstimator.estimate(TokenEstimator.tokens(request.messages()), request.maxTokens(), spec, PRICES)
                .worstCase();
    }

    GenerationRequested approve(GenerationRequested request) {
        return approve(request, worstCase(request));
    }

    GenerationRequested approve(GenerationRequested request, Usd reserved) {
        send(Topics.BUDGET_DECISIONS, request.userId(), BudgetDecision.approve(request, reserved, Usd.ZERO,
                Instant.now()));
        return request;
    }

    void cancel(String jobId, String userId) {
        send(Topics.JOB_CONTROL, jobId, new JobControl(jobId, userId, JobControl.Action.CANCEL, userId, Instant.now()));
    }

    void sendRaw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.flush();
    }

    /** Everything on the dead-letter topic so far. */
    List<DeadLetter> deadLetters() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> letters = new ArrayList<>();
        try (var reader = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer())) {
            reader.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            for (int i = 0; i < 20; i++) {
                reader.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
            }
        }
        return letters;
    }

    <V> void send(Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer()
                .serialize(topic.name(), value)));
        producer.flush();
    }

    /** Reads whatever arrived since the last call. */
    synchronized void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
            if (r.topic().equals(Topics.GENERATION_CHUNKS.name())) {
                chunks.add(Topics.GENERATION_CHUNKS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(Topics.BATCH_OUTCOMES.name())) {
                outcomes.add(Map.entry(r.key(),
                        Topics.BATCH_OUTCOMES.valueSerde().deserializer().deserialize(r.topic(), r.value())));
            } else {
                usage.add(Topics.USAGE.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
        });
    }

    List<ChunkEvent> chunks(String jobId) {
        poll();
        return chunks.stream().filter(c -> c.jobId().equals(jobId)).toList();
    }

    List<UsageEvent> usage(String jobId) {
        poll();
        return usage.stream().filter(u -> u.jobId().equals(jobId)).toList();
    }

    /** The outcomes published for a job, each with its record key. */
    List<Map.Entry<String, BatchItemOutcome>> outcomes(String jobId) {
        poll();
        return outcomes.stream().filter(o -> o.getValue().jobId().equals(jobId)).toList();
    }

    boolean ended(String jobId) {
        return chunks(jobId).stream().anyMatch(ChunkEvent::isTerminal) && usage(jobId).stream().anyMatch(UsageEvent::last);
    }

    static String text(List<ChunkEvent> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.content() != null).forEach(e -> text.append(e.content()));
        return text.toString();
    }

    static ChunkEvent terminal(List<ChunkEvent> events) {
        return events.stream().filter(ChunkEvent::isTerminal).findFirst().orElseThrow();
    }

    static List<Long> sequence(List<ChunkEvent> events) {
        return new ArrayList<>(events.stream().map(ChunkEvent::seq).toList());
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
