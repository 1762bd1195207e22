package com.epchat.batch.coordinator;

import com.epchat.topics.serde.JsonSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The coordinator's persistent stores (RocksDB, changelogged, so a restart or a rebalance resumes exactly
 * where the last committed transaction left):
 * <ul>
 *   <li>{@code batch-records}: batchId → {@link BatchRecord}, every batch ever seen;</li>
 *   <li>{@code batch-items}: {@code <batchId>/<line>} → {@link ItemRecord}, items not ended yet;</li>
 *   <li>{@code batch-queue}: {@code <batchId>/<notBefore ms>/<line>} → line: the pending items in dispatch
 *       order (ready first, then by line);</li>
 *   <li>{@code batch-running}: {@code <batchId>/<line>} → line: the running attempts (at most
 *       BATCH_MAX_IN_FLIGHT per batch);</li>
 *   <li>{@code batch-active}: batchId → expiresAt ms, the batches not final (what punctuation visits);</li>
 *   <li>{@code batch-dirty}: batchId → change time, the states changed since the last publication.</li>
 * </ul>
 * Keys are zero-padded so that a prefix scan over {@code <batchId>/} returns a batch's entries in order.
 */
final class BatchStores {

    static final String BATCHES = "batch-records";
    static final String ITEMS = "batch-items";
    static final String QUEUE = "batch-queue";
    static final String RUNNING = "batch-running";
    static final String ACTIVE = "batch-active";
    static final String DIRTY = "batch-dirty";
    static final String[] NAMES = {BATCHES, ITEMS, QUEUE, RUNNING, ACTIVE, DIRTY};

    private static final StringSerializer PREFIX = new StringSerializer();

    private final KeyValueStore<String, BatchRecord> batches;
    private final KeyValueStore<String, ItemRecord> items;
    private final KeyValueStore<String, Integer> queue;
    private final KeyValueStore<String, Integer> running;
    private final KeyValueStore<String, Long> active;
    private final KeyValueStore<String, Long> dirty;

    BatchStores(ProcessorContext<?, ?> context) {
        batches = context.getStateStore(BATCHES);
        items = context.getStateStore(ITEMS);
        queue = context.getStateStore(QUEUE);
        running = context.getStateStore(RUNNING);
        active = context.getStateStore(ACTIVE);
        dirty = context.getStateStore(DIRTY);
    }

    static List<StoreBuilder<?>> builders() {
        return List.of(store(BATCHES, new JsonSerde<>(BatchRecord.class)), store(ITEMS, new JsonSerde<>(ItemRecord.class)),
                store(QUEUE, Serdes.Integer()), store(RUNNING, Serdes.Integer()), store(ACTIVE, Serdes.Long()),
                store(DIRTY, Serdes.Long()));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }

    BatchRecord batch(String batchId) {
        return batches.get(batchId);
    }

    /** Saves a batch and marks its state for the next publication; a final batch leaves the active set. */
    void save(BatchRecord batch) {
        batches.put(batch.batchId(), batch);
        dirty.put(batch.batchId(), batch.updatedAt().toEpochMilli());
        if (batch.status().isFinal()) {
            active.delete(batch.batchId());
        } else if (batch.sealed()) {
            active.put(batch.batchId(), batch.spec().expiresAt().toEpochMilli());
        }
    }

    ItemRecord item(String batchId, int line) {
        return items.get(itemKey(batchId, line));
    }

    /** Saves a pending item and queues it at its {@code notBefore}. */
    void queue(ItemRecord item) {
        items.put(itemKey(item.batchId(), item.line()), item);
        queue.put(queueKey(item), item.line());
    }

    /** Saves an item that was dispatched: out of the queue, into the running set. */
    void run(ItemRecord pending, ItemRecord dispatched) {
        queue.delete(queueKey(pending));
        items.put(itemKey(dispatched.batchId(), dispatched.line()), dispatched);
        running.put(itemKey(dispatched.batchId(), dispatched.line()), dispatched.line());
    }

    /** Saves a change to a running item (a cancel sent). */
    void update(ItemRecord item) {
        items.put(itemKey(item.batchId(), item.line()), item);
    }

    /** Forgets an item that ended, wherever it was. */
    void remove(ItemRecord item) {
        String key = itemKey(item.batchId(), item.line());
        items.delete(key);
        running.delete(key);
        queue.delete(queueKey(item));
    }

    /** Takes an item back from running to the queue (a budget rejection to retry at {@code notBefore}). */
    void requeue(ItemRecord wasRunning, ItemRecord waiting) {
        running.delete(itemKey(wasRunning.batchId(), wasRunning.line()));
        queue(waiting);
    }

    /** The first pending item of a batch that may go at {@code now}, or null. */
    ItemRecord nextReady(String batchId, Instant now) {
        try (KeyValueIterator<String, Integer> it = queue.prefixScan(batchId + "/", PREFIX)) {
            while (it.hasNext()) {
                var entry = it.next();
                ItemRecord item = items.get(itemKey(batchId, entry.value));
                if (item == null) {
                    queue.delete(entry.key); // cannot happen while the stores change together; heal rather than loop
                    continue;
                }
                return item.notBefore().isAfter(now) ? null : item;
            }
            return null;
        }
    }

    List<ItemRecord> pending(String batchId) {
        return scan(queue, batchId);
    }

    List<ItemRecord> running(String batchId) {
        return scan(running, batchId);
    }

    /** Items received before the seal (all pending), in line order. */
    List<ItemRecord> received(String batchId) {
        List<ItemRecord> found = new ArrayList<>();
        try (KeyValueIterator<String, ItemRecord> it = items.prefixScan(batchId + "/", PREFIX)) {
            it.forEachRemaining(e -> found.add(e.value));
        }
        return found;
    }

    private List<ItemRecord> scan(KeyValueStore<String, Integer> index, String batchId) {
        List<Integer> lines = new ArrayList<>();
        try (KeyValueIterator<String, Integer> it = index.prefixScan(batchId + "/", PREFIX)) {
            it.forEachRemaining(e -> lines.add(e.value));
        }
        return lines.stream().map(line -> items.get(itemKey(batchId, line))).filter(java.util.Objects::nonNull)
                .toList();
    }

    List<String> activeBatches() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = active.all()) {
            it.forEachRemaining(e -> ids.add(e.key));
        }
        return ids;
    }

    /** The batches whose state changed since the last call, forgotten as changed. */
    List<BatchRecord> takeDirty() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.all()) {
            it.forEachRemaining(e -> ids.add(e.key));
        }
        ids.forEach(dirty::delete);
        return ids.stream().map(batches::get).filter(java.util.Objects::nonNull).toList();
    }

    static String itemKey(String batchId, int line) {
        return batchId + "/" + String.format("%010d", line);
    }

    private static String queueKey(ItemRecord item) {
        return item.batchId() + "/" + String.format("%013d", item.notBefore().toEpochMilli()) + "/"
                + String.format("%010d", item.line());
    }
}
