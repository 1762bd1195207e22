package com.epchat.cost.rollup;

import com.epchat.topics.event.UsageEvent;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Lets each {@code usageId} through once. A producer retry or a replayed job can write the same usage
 * event twice; counting it twice would bill finance for tokens the provider billed once. The ids seen
 * are kept in a window store for {@code retention} of stream time (old segments are dropped whole);
 * a copy arriving later than that is no longer recognised, which is why the retention is days while
 * duplicates come seconds apart. Usage is keyed by user and a usage id belongs to one user, so every
 * copy of an event reaches the same task.
 */
final class UsageDeduplicator implements FixedKeyProcessor<String, UsageEvent, UsageEvent> {

    static final String STORE = "usage-dedup";

    private final Duration retention;
    private FixedKeyProcessorContext<String, UsageEvent> context;
    private WindowStore<String, Long> seen;

    UsageDeduplicator(Duration retention) {
        this.retention = retention;
    }

    static StoreBuilder<WindowStore<String, Long>> store(Duration retention) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, retention, retention, false),
                Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, UsageEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, UsageEvent> record) {
        String usageId = record.value().usageId();
        long at = record.timestamp();
        long span = retention.toMillis();
        try (WindowStoreIterator<Long> copies = seen.fetch(usageId, Math.max(0, at - span), at + span)) {
            if (copies.hasNext()) {
                return;
            }
        }
        seen.put(usageId, at, at);
        context.forward(record);
    }
}
