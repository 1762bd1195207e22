package com.epchat.budget.guard;

import com.epchat.budget.ledger.BudgetWindows;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelPrice;
import com.epchat.pricing.PriceList;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The budget topology in a {@link TopologyTestDriver} with the deployment guide's prices: requests
 * and usage in, final decisions and published states out. The prompt {@code "测试v3.1功能"} is 4 tokens,
 * so a request for {@code n} output tokens has a worst case of 4 × 0.0014/1K + n × 0.0028/1K.
 */
final class GuardFixture implements AutoCloseable {

    static final ModelPrice PRICES = new ModelPrice(Usd.of("0.0014"), Usd.of("0.0014"), Usd.of("0.0028"));

    final TopologyTestDriver driver;
    final TestInputTopic<String, GenerationRequested> requests;
    final TestInputTopic<String, UsageEvent> usage;
    final TestOutputTopic<String, BudgetDecision> decisions;
    final TestOutputTopic<String, BudgetDecision> bulkDecisions;
    final TestOutputTopic<String, BudgetState> states;
    private final Path stateDir;

    GuardFixture(String requestCap, String userDaily, String siteHourly, ZoneId zone, Duration grace,
            Instant wallClock) {
        GuardSettings settings = new GuardSettings(
                new RequestGuard(Usd.of(requestCap), ModelCatalog.defaults(131_072, true), PriceList.uniform(PRICES)),
                Usd.of(userDaily), Usd.of(siteHourly), new BudgetWindows(zone, grace));
        StreamsBuilder builder = new StreamsBuilder();
        BudgetTopology.build(builder, settings);
        try {
            stateDir = Files.createTempDirectory("budget-ttd");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "budget-ttd");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props, wallClock);
        requests = driver.createInputTopic(Topics.GENERATION_REQUESTS.name(),
                Topics.GENERATION_REQUESTS.keySerde().serializer(), Topics.GENERATION_REQUESTS.valueSerde().serializer());
        usage = driver.createInputTopic(Topics.USAGE.name(), Topics.USAGE.keySerde().serializer(),
                Topics.USAGE.valueSerde().serializer());
        decisions = driver.createOutputTopic(Topics.BUDGET_DECISIONS.name(),
                Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer());
        bulkDecisions = driver.createOutputTopic(Topics.BUDGET_DECISIONS_BULK.name(),
                Topics.BUDGET_DECISIONS_BULK.keySerde().deserializer(),
                Topics.BUDGET_DECISIONS_BULK.valueSerde().deserializer());
        states = driver.createOutputTopic(Topics.BUDGET_STATE.name(), Topics.BUDGET_STATE.keySerde().deserializer(),
                Topics.BUDGET_STATE.valueSerde().deserializer());
    }

    /** The guide's budgets: $0.40 per request, $2.50 per user-day, $8.00 per site-hour, UTC, one hour of grace. */
    static GuardFixture guideDefaults(Instant wallClock) {
        return new GuardFixture("0.40", "2.50", "8.00", ZoneId.of("UTC"), Duration.ofHours(1), wallClock);
    }

    static GenerationRequested request(String jobId, String user, int maxTokens, Instant at) {
        return request(jobId, user, maxTokens, true, at);
    }

    static GenerationRequested request(String jobId, String user, int maxTokens, boolean guard, Instant at) {
        return request(jobId, user, maxTokens, guard, Lane.INTERACTIVE, at);
    }

    static GenerationRequested request(String jobId, String user, int maxTokens, boolean guard, Lane lane,
            Instant at) {
        return new GenerationRequested(jobId, user, "deepseek-v3.1", List.of(ChatMessage.user("测试v3.1功能")),
                maxTokens, guard, lane, null, at);
    }

    /** Worst case of {@link #request} for {@code maxTokens} of output (one round up to 8,192). */
    static Usd worstCase(int maxTokens) {
        return Usd.of("0.0000056").plus(PRICES.output(maxTokens));
    }

    GenerationRequested send(String jobId, String user, int maxTokens, Instant at) {
        return send(jobId, user, maxTokens, Lane.INTERACTIVE, at);
    }

    GenerationRequested send(String jobId, String user, int maxTokens, Lane lane, Instant at) {
        GenerationRequested request = request(jobId, user, maxTokens, true, lane, at);
        requests.pipeInput(new TestRecord<>(user, request, new RecordHeaders(), at));
        return request;
    }

    void usage(String jobId, String user, int round, String cost, boolean last, Instant at) {
        usage.pipeInput(new TestRecord<>(user, new UsageEvent(jobId + "/" + round, jobId, user, "deepseek-v3.1",
                "deepseek-chat", round, new TokenUsage(0, 4, 100, 0), Usd.of(cost), false, last, at),
                new RecordHeaders(), at));
    }

    BudgetDecision onlyDecision() {
        BudgetDecision decision = decisions.readValue();
        if (!decisions.isEmpty()) {
            throw new AssertionError("more than one decision: " + decision + " then " + decisions.readValuesToList());
        }
        return decision;
    }

    /** Lets the stages publish the windows they changed (they do so on a wall-clock punctuation). */
    void flushStates() {
        driver.advanceWallClockTime(StatePublisher.INTERVAL);
    }

    /** The latest published state per key, as a compacted topic would keep it, after a flush. */
    Map<String, BudgetState> latestStates() {
        flushStates();
        Map<String, BudgetState> latest = new LinkedHashMap<>();
        states.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    @Override
    public void close() {
        driver.close();
    }
}
