package com.epchat.batch.coordinator;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItem;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BatchRef;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchSpec;
import com.epchat.topics.event.BatchSpec.OnBudgetReject;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.event.DeadLetter;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobControl;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The batch topology on a {@link TopologyTestDriver}, with its topics and builders of batches and outcomes. */
final class BatchTopologyFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-26T08:00:00Z");
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration ORPHAN_TIMEOUT = Duration.ofMinutes(10);
    static final String BATCH = "batch_0123456789abcdef0123456789abcdef";
    static final String USER = "alice";

    final TopologyTestDriver driver;
    final TestInputTopic<String, BatchInput> input;
    final TestInputTopic<String, BatchItemOutcome> outcomes;
    final TestInputTopic<String, byte[]> rawInput;
    final TestOutputTopic<String, GenerationRequested> requests;
    final TestOutputTopic<String, JobControl> control;
    final TestOutputTopic<String, BatchState> states;
    final TestOutputTopic<String, BatchResult> results;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    private final Map<String, BatchState> latest = new HashMap<>();

    BatchTopologyFixture(int maxInFlight) {
        StreamsBuilder builder = new StreamsBuilder();
        BatchTopology.build(builder, new BatchTopology.Settings(maxInFlight, ORPHAN_TIMEOUT, TICK), BatchMetrics.NONE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "batch-topology-test");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-test");
        driver = new TopologyTestDriver(builder.build(), props, START);
        input = driver.createInputTopic(Topics.BATCH_INPUT.name(), Topics.BATCH_INPUT.keySerde().serializer(),
                Topics.BATCH_INPUT.valueSerde().serializer());
        outcomes = driver.createInputTopic(Topics.BATCH_OUTCOMES.name(), Topics.BATCH_OUTCOMES.keySerde().serializer(),
                Topics.BATCH_OUTCOMES.valueSerde().serializer());
        rawInput = driver.createInputTopic(Topics.BATCH_INPUT.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        requests = output(Topics.GENERATION_REQUESTS);
        control = output(Topics.JOB_CONTROL);
        states = output(Topics.BATCH_STATE);
        results = output(Topics.BATCH_RESULTS);
        deadLetters = output(Topics.DEAD_LETTERS);
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    Instant now() {
        return START.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    /** Lets wall-clock time pass (punctuation runs), in ticks so that each one fires. */
    void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** Uploads a batch as ingest-api does: its items, then its seal. */
    void upload(BatchSpec spec, String... worstCases) {
        for (int line = 1; line <= worstCases.length; line++) {
            input.pipeInput(BATCH, BatchInput.item(BATCH, USER, new BatchItem("req-" + line, line,
                    request(worstCases[line - 1])), now()));
        }
        input.pipeInput(BATCH, BatchInput.seal(BATCH, USER, spec, now()));
    }

    static BatchSpec spec(int total, String maxCost, OnBudgetReject onReject) {
        return new BatchSpec(total, 0, maxCost == null ? null : Usd.of(maxCost), onReject, START,
                START.plus(Duration.ofHours(24)), null);
    }

    static GenerationRequested request(String worstCase) {
        return new GenerationRequested(null, USER, "deepseek-v3.1", List.of(ChatMessage.user("测试")), 100, true,
                Lane.BULK, new CostEstimate(10, 100, 1, 8192, Usd.of(worstCase)), START);
    }

    void cancel() {
        input.pipeInput(BATCH, BatchInput.cancel(BATCH, USER, "admin", now()));
    }

    void complete(int line, int attempt, String cost) {
        report(line, attempt, JobState.COMPLETED, "answer " + line, cost, null, null, null);
    }

    void report(int line, int attempt, JobState state, String output, String cost, String error,
            BudgetLevel rejectedAt, Instant retryAt) {
        BatchRef ref = new BatchRef(BATCH, "req-" + line, line, attempt);
        outcomes.pipeInput(BATCH, new BatchItemOutcome(ref, ref.jobId(), USER, state, output,
                state == JobState.COMPLETED ? "stop" : null, "deepseek-chat", usage(), Usd.of(cost), error,
                rejectedAt, retryAt, now()));
    }

    static TokenUsage usage() {
        return new TokenUsage(0, 10, 20, 0);
    }

    /** The batch's latest state as a compacted topic's reader sees it, after one tick published it. */
    BatchState state() {
        advance(TICK);
        latest.putAll(states.readKeyValuesToMap());
        return latest.get(BATCH);
    }

    /** The job ids dispatched since the last call. */
    List<String> dispatched() {
        return requests.readValuesToList().stream().map(GenerationRequested::jobId).toList();
    }

    Map<String, BatchResult> results() {
        return results.readKeyValuesToMap();
    }

    @Override
    public void close() {
        driver.close();
    }
}
