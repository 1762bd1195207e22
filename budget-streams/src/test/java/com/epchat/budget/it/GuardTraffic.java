package com.epchat.budget.it;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One user's traffic against the budget topics of a real broker: requests published concurrently,
 * every decision for them collected (read_committed, as ingest-api and the worker read them), usage
 * events as a worker would write them, and the latest published state of the user's day.
 */
final class GuardTraffic implements AutoCloseable {

    /** "测试v3.1功能" is 4 tokens; 9,293 tokens take 2 rounds: (2×4 + 8,192) × 0.0014/1K + 9,293 × 0.0028/1K. */
    static final int MAX_TOKENS = 9_293;
    static final Usd WORST_CASE = Usd.of("0.0375004");
    /** The user's daily budget in the runs: 200 requests' worst cases add up to three times it. */
    static final Usd DAILY = Usd.of("2.50");
    static final int REQUESTS = 200;
    /** 66 × 0.0375004 = 2.4750264 fits $2.50; a 67th would make 2.5125268. */
    static final int FITS = 66;

    final String user;
    final Map<String, List<BudgetDecision>> decisions = new ConcurrentHashMap<>();
    final List<String> jobIds = new CopyOnWriteArrayList<>();
    private final KafkaProducer<String, GenerationRequested> requests;
    private final KafkaProducer<String, UsageEvent> usage;
    private final KafkaConsumer<String, BudgetDecision> decisionReader;
    private final KafkaConsumer<String, BudgetState> stateReader;
    private final Map<String, BudgetState> states = new HashMap<>();

    GuardTraffic(String bootstrap, String user) {
        this.user = user;
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all");
        requests = new KafkaProducer<>(producer, Topics.GENERATION_REQUESTS.keySerde().serializer(),
                Topics.GENERATION_REQUESTS.valueSerde().serializer());
        usage = new KafkaProducer<>(producer, Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer());
        Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        decisionReader = new KafkaConsumer<>(consumer, Topics.BUDGET_DECISIONS.keySerde().deserializer(),
                Topics.BUDGET_DECISIONS.valueSerde().deserializer());
        List<TopicPartition> decisionPartitions = IntStream.range(0, Topics.BUDGET_DECISIONS.partitions())
                .mapToObj(p -> new TopicPartition(Topics.BUDGET_DECISIONS.name(), p)).toList();
        decisionReader.assign(decisionPartitions);
        decisionReader.seekToEnd(decisionPartitions);
        decisionPartitions.forEach(decisionReader::position); // fix the start before anything is published
        stateReader = new KafkaConsumer<>(consumer, Topics.BUDGET_STATE.keySerde().deserializer(),
                Topics.BUDGET_STATE.valueSerde().deserializer());
        List<TopicPartition> statePartitions = List.of(new TopicPartition(Topics.BUDGET_STATE.name(), 0));
        stateReader.assign(statePartitions);
        stateReader.seekToBeginning(statePartitions);
    }

    GenerationRequested request(int i) {
        return new GenerationRequested(user + "-job-" + i, user, "deepseek-v3.1",
                List.of(ChatMessage.user("测试v3.1功能")), MAX_TOKENS, true, Lane.INTERACTIVE, null, Instant.now());
    }

    /** {@code count} requests published at once from {@code threads} threads. */
    void publishConcurrently(int count, int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < count; i++) {
            GenerationRequested request = request(i);
            jobIds.add(request.jobId());
            pool.submit(() -> requests.send(new ProducerRecord<>(Topics.GENERATION_REQUESTS.name(), user, request)));
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        requests.flush();
    }

    /**
     * {@code count} requests at a steady pace on a scheduler, so that a crash can fall in the middle of
     * the run; the returned executor finishes when the last one is sent.
     */
    java.util.concurrent.ScheduledExecutorService publishPaced(int count, Duration every) {
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        IntStream.range(0, count).forEach(i -> jobIds.add(request(i).jobId()));
        scheduler.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < count) {
                requests.send(new ProducerRecord<>(Topics.GENERATION_REQUESTS.name(), user, request(i)));
            } else {
                requests.flush();
                scheduler.shutdown();
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
    }

    /** Reads what arrived; returns how many of our requests have at least one decision. */
    int pollDecisions() {
        decisionReader.poll(Duration.ofMillis(200)).forEach(record -> {
            if (user.equals(record.key())) {
                decisions.computeIfAbsent(record.value().jobId(), id -> new CopyOnWriteArrayList<>()).add(record.value());
            }
        });
        return decisions.size();
    }

    List<BudgetDecision> approved() {
        return decisions.values().stream().flatMap(List::stream).filter(BudgetDecision::approved).toList();
    }

    Usd sumOfApprovedReservations() {
        return approved().stream().map(BudgetDecision::reserved).reduce(Usd.ZERO, Usd::plus);
    }

    /** What a worker does for each approved job: it spends its whole reservation, in two calls. */
    void spendEveryReservation() {
        for (BudgetDecision decision : approved()) {
            Usd half = Usd.of(decision.reserved().amount().divide(java.math.BigDecimal.valueOf(2)));
            send(decision, 1, half, false);
            send(decision, 2, decision.reserved().minus(half), true);
        }
        usage.flush();
    }

    private void send(BudgetDecision decision, int round, Usd cost, boolean last) {
        usage.send(new ProducerRecord<>(Topics.USAGE.name(), user, new UsageEvent(
                UsageEvent.usageId(decision.jobId(), round), decision.jobId(), user, "deepseek-v3.1", "deepseek-chat",
                round, new TokenUsage(0, 4, 100, 0), cost, false, last, Instant.now())));
    }

    /** The latest published state of the user's day, or null. */
    BudgetState userDay() {
        stateReader.poll(Duration.ofMillis(200)).forEach(record -> states.put(record.key(), record.value()));
        return states.get(BudgetState.key(BudgetLevel.USER_DAILY, user));
    }

    List<String> duplicated() {
        List<String> doubled = new ArrayList<>();
        decisions.forEach((job, list) -> {
            if (list.size() > 1) {
                doubled.add(job + " ×" + list.size());
            }
        });
        return doubled;
    }

    @Override
    public void close() {
        requests.close();
        usage.close();
        decisionReader.close();
        stateReader.close();
    }
}
