package com.epchat.cost.rollup;

import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.serde.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds usage events (already keyed by the rollup's dimension) to their window's {@link FinanceRollup}
 * and forwards the new total keyed {@code <windowStart>/<dimension>}. It keeps its own stream time:
 * the highest event time it has seen in this task, stored (and so restored after a crash or a
 * rebalance) in a one-entry store. A window is closed once that stream time reaches its end plus
 * the grace; usage for a closed window is forwarded as a {@link CostCorrection} keyed by usageId,
 * never dropped, and the closed window's state is purged.
 *
 * <p>Totals are not forwarded per event: a changed rollup waits in the {@code -pending} store and all
 * pending totals are forwarded every {@code emitInterval} of wall-clock time, as a KTable's cache
 * would, so a busy user's day is one record per interval instead of one per call. The pending store
 * is changelogged and written in the same exactly-once transaction as the totals and the input
 * offsets, so a crash between an update and its emission loses nothing.
 */
final class RollupProcessor implements Processor<String, UsageEvent, String, RollupOutcome> {

    static final String STREAM_TIME = "stream-time";
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final RollupSpec spec;
    private ProcessorContext<String, RollupOutcome> context;
    private KeyValueStore<String, FinanceRollup> rollups;
    private KeyValueStore<String, FinanceRollup> pending;
    private KeyValueStore<String, Long> clock;
    private long streamTime = Long.MIN_VALUE;

    private final Duration emitInterval;

    RollupProcessor(RollupSpec spec, Duration emitInterval) {
        this.spec = spec;
        this.emitInterval = emitInterval;
    }

    static List<StoreBuilder<?>> stores(RollupSpec spec) {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(spec.storeName()), Serdes.String(),
                        new JsonSerde<>(FinanceRollup.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(spec.pendingStoreName()), Serdes.String(),
                        new JsonSerde<>(FinanceRollup.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(spec.streamTimeStoreName()),
                        Serdes.String(), Serdes.Long()).withCachingEnabled());
    }

    @Override
    public void init(ProcessorContext<String, RollupOutcome> context) {
        this.context = context;
        this.rollups = context.getStateStore(spec.storeName());
        this.pending = context.getStateStore(spec.pendingStoreName());
        this.clock = context.getStateStore(spec.streamTimeStoreName());
        Long stored = clock.get(STREAM_TIME);
        streamTime = stored == null ? Long.MIN_VALUE : stored;
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitPending());
        context.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> purgeClosedWindows());
    }

    @Override
    public void process(Record<String, UsageEvent> record) {
        UsageEvent usage = record.value();
        long at = record.timestamp();
        if (at > streamTime) {
            streamTime = at;
            clock.put(STREAM_TIME, at);
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        RollupWindow window = spec.window().apply(Instant.ofEpochMilli(at));
        if (isClosed(window)) {
            context.forward(record.withKey(usage.usageId()).withValue(RollupOutcome.late(new CostCorrection(usage,
                    spec.name(), window.start(), "usage for a window closed at stream time "
                    + Instant.ofEpochMilli(streamTime) + " (window end " + window.end() + " + grace "
                    + spec.grace() + ")", now))));
            return;
        }
        String dimension = spec.dimension().apply(usage);
        String key = FinanceRollup.key(window.start(), dimension);
        FinanceRollup current = rollups.get(key);
        FinanceRollup updated = Rollups.add(current != null ? current : Rollups.empty(dimension, window, now), usage, now);
        rollups.put(key, updated);
        pending.put(key, updated);
    }

    /** Forwards every total changed since the last emission, then forgets that they were pending. */
    private void emitPending() {
        List<KeyValue<String, FinanceRollup>> changed = new ArrayList<>();
        try (KeyValueIterator<String, FinanceRollup> all = pending.all()) {
            all.forEachRemaining(changed::add);
        }
        long at = streamTime == Long.MIN_VALUE ? context.currentSystemTimeMs() : streamTime;
        for (KeyValue<String, FinanceRollup> entry : changed) {
            context.forward(new Record<>(entry.key, RollupOutcome.updated(entry.value), at));
            pending.delete(entry.key);
        }
    }

    /** Closed: stream time has passed the window's end by at least the grace (as Kafka's windows do). */
    private boolean isClosed(RollupWindow window) {
        return streamTime != Long.MIN_VALUE && window.end().plus(spec.grace()).toEpochMilli() <= streamTime;
    }

    /**
     * Drops the state of closed windows; their last total is on the compacted topic already. Keys start
     * with the window's ISO-8601 start, so the store iterates them oldest first and the purge stops
     * at the first window still open.
     */
    private void purgeClosedWindows() {
        emitPending(); // a closed window's last total goes out before its state does
        List<String> closed = new ArrayList<>();
        try (KeyValueIterator<String, FinanceRollup> all = rollups.all()) {
            while (all.hasNext()) {
                KeyValue<String, FinanceRollup> entry = all.next();
                if (!isClosed(new RollupWindow(entry.value.windowStart(), entry.value.windowEnd()))) {
                    break;
                }
                closed.add(entry.key);
            }
        }
        closed.forEach(rollups::delete);
    }
}
