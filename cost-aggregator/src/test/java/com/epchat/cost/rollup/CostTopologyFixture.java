package com.epchat.cost.rollup;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.DeadLetter;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The finance topology on a {@link TopologyTestDriver}, with its input and output topics. */
final class CostTopologyFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-26T00:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(30);
    static final Duration EMIT = Duration.ofSeconds(1);

    final TopologyTestDriver driver;
    final TestInputTopic<String, UsageEvent> usage;
    final TestInputTopic<String, byte[]> rawUsage;
    final TestOutputTopic<String, FinanceRollup> userDaily;
    final TestOutputTopic<String, FinanceRollup> siteHourly;
    final TestOutputTopic<String, FinanceRollup> modelDaily;
    final TestOutputTopic<String, CostCorrection> corrections;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    CostTopologyFixture(ZoneId zone) {
        StreamsBuilder builder = new StreamsBuilder();
        CostTopology.build(builder, new CostTopology.Settings(zone, GRACE, Duration.ofDays(2), EMIT));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cost-topology-test");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, START);
        usage = driver.createInputTopic(Topics.USAGE.name(), Topics.USAGE.keySerde().serializer(),
                Topics.USAGE.valueSerde().serializer());
        rawUsage = driver.createInputTopic(Topics.USAGE.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        userDaily = output(Topics.FINANCE_USER_DAILY);
        siteHourly = output(Topics.FINANCE_SITE_HOURLY);
        modelDaily = output(Topics.FINANCE_MODEL_DAILY);
        corrections = output(Topics.FINANCE_CORRECTIONS);
        deadLetters = output(Topics.DEAD_LETTERS);
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /**
     * Pipes a usage event keyed by its user, with the record time the producer would give it, then
     * lets one emit interval of wall-clock time pass so that the changed totals are written.
     */
    void pipe(UsageEvent event) {
        usage.pipeInput(event.userId(), event, event.occurredAt());
        driver.advanceWallClockTime(EMIT);
    }

    /** The latest value per key, as a compacted topic's reader sees it. */
    static Map<String, FinanceRollup> latest(TestOutputTopic<String, FinanceRollup> topic) {
        return topic.readKeyValuesToMap();
    }

    static UsageEvent usage(String jobId, int round, String user, String apiModel, String cost, Instant at,
            boolean last) {
        return new UsageEvent(UsageEvent.usageId(jobId, round), jobId, user, "deepseek-v3.1", apiModel, round,
                new TokenUsage(64, 36, 200, 0), Usd.of(cost), false, last, at);
    }

    @Override
    public void close() {
        driver.close();
    }
}
