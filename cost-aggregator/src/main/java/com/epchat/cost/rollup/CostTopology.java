package com.epchat.cost.rollup;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.UsageEvent;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The finance topology. In: {@code ep.usage} (userId → UsageEvent JSON). Out: the compacted rollups
 * {@code ep.finance.user-daily}, {@code ep.finance.site-hourly}, {@code ep.finance.model-daily}
 * ({@code <windowStart>/<dimension>} → FinanceRollup), {@code ep.finance.corrections} (usageId →
 * CostCorrection, usage later than its window's grace) and {@code ep.dead-letters} (unreadable usage).
 *
 * <pre>
 * read-usage → parse-usage ─┬─ unreadable → write-usage-dead-letters
 *                           └─ drop-duplicate-usage ─┬─ roll-up-user-day (keyed by user already)
 *                                                    ├─ key-by-site  → usage-by-site (1 partition)  → roll-up-site-hour
 *                                                    └─ key-by-model → usage-by-model               → roll-up-model-day
 * each roll-up → its finance topic, or → ep.finance.corrections
 * </pre>
 * Every processor, store and repartition topic is named, so that the topology can change without
 * renumbering (and orphaning) state.
 */
public final class CostTopology {

    private CostTopology() {
    }

    /** What the topology needs from configuration. */
    public record Settings(ZoneId userDayZone, Duration grace, Duration dedupRetention, Duration emitInterval) {

        public List<RollupSpec> rollups() {
            return List.of(RollupSpec.userDay(userDayZone, grace), RollupSpec.siteHour(grace),
                    RollupSpec.modelDay(grace));
        }
    }

    public static void build(StreamsBuilder builder, Settings settings) {
        builder.addStateStore(UsageDeduplicator.store(settings.dedupRetention()));
        settings.rollups().forEach(spec -> RollupProcessor.stores(spec).forEach(builder::addStateStore));

        Map<String, KStream<String, ParsedUsage>> parsed = builder
                .stream(Topics.USAGE.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-usage"))
                .processValues(UsageParser::new, Named.as("parse-usage"))
                .split(Named.as("usage-"))
                .branch((key, p) -> !p.readable(), Branched.as("unreadable"))
                .defaultBranch(Branched.as("readable"));
        parsed.get("usage-unreadable")
                .mapValues(ParsedUsage::deadLetter, Named.as("usage-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS, "write-usage-dead-letters"));

        KStream<String, UsageEvent> usage = parsed.get("usage-readable")
                .mapValues(ParsedUsage::usage, Named.as("usage-event"))
                .processValues(() -> new UsageDeduplicator(settings.dedupRetention()), Named.as("drop-duplicate-usage"),
                        UsageDeduplicator.STORE);

        List<RollupSpec> specs = settings.rollups();
        rollUp(usage, specs.get(0), settings.emitInterval());
        // one site-wide total per hour: every event must meet in one task, hence one partition
        rollUp(usage.selectKey((user, u) -> RollupSpec.SITE, Named.as("key-by-site"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.USAGE.valueSerde())
                        .withName("usage-by-site").withNumberOfPartitions(1)), specs.get(1), settings.emitInterval());
        rollUp(usage.selectKey((user, u) -> RollupSpec.apiModelOf(u), Named.as("key-by-model"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.USAGE.valueSerde())
                        .withName("usage-by-model")), specs.get(2), settings.emitInterval());
    }

    private static void rollUp(KStream<String, UsageEvent> usage, RollupSpec spec, Duration emitInterval) {
        usage.process(() -> new RollupProcessor(spec, emitInterval), Named.as("roll-up-" + spec.name()),
                        spec.storeName(), spec.pendingStoreName(), spec.streamTimeStoreName())
                .split(Named.as(spec.name() + "-"))
                .branch((key, outcome) -> outcome.isCorrection(), Branched.withConsumer(late -> late
                        .mapValues(RollupOutcome::correction, Named.as(spec.name() + "-as-correction"))
                        .to(Topics.FINANCE_CORRECTIONS.name(),
                                produced(Topics.FINANCE_CORRECTIONS, "write-" + spec.name() + "-corrections")),
                        "late"))
                .defaultBranch(Branched.withConsumer(totals -> totals
                        .mapValues(RollupOutcome::rollup, Named.as(spec.name() + "-as-rollup"))
                        .to(spec.topic().name(), produced(spec.topic(), "write-" + spec.name())), "total"));
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }
}
