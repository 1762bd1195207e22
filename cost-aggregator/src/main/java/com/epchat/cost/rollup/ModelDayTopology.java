package com.epchat.cost.rollup;

import com.epchat.topics.Topics;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.serde.JsonSerde;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * Usage per API model per UTC day: {@code ep.usage} (userId → UsageEvent) in, a windowed store
 * {@value #STORE} of {@link CostRollup} out. Usage up to {@link #GRACE} late still counts in its day.
 */
public final class ModelDayTopology {

    public static final String STORE = "cost-by-model-day";
    static final Duration GRACE = Duration.ofHours(1);

    private ModelDayTopology() {
    }

    public static void build(StreamsBuilder builder) {
        builder.stream(Topics.USAGE.name(), Consumed.with(Topics.USAGE.keySerde(), Topics.USAGE.valueSerde())
                        .withName("read-usage"))
                .groupBy((user, usage) -> usage.apiModel(), Grouped.with("by-api-model", Serdes.String(),
                        Topics.USAGE.valueSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofDays(1), GRACE))
                .aggregate(() -> CostRollup.EMPTY, (model, usage, rollup) -> rollup.add(usage),
                        Named.as("sum-model-day"),
                        Materialized.<String, CostRollup, org.apache.kafka.streams.state.WindowStore<
                                org.apache.kafka.common.utils.Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new JsonSerde<>(CostRollup.class)));
    }
}
