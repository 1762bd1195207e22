package com.epchat.flags;

import com.epchat.topics.event.FeatureFlags;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one service instance's copy of the live flags. At {@link #start()} it seeds the flags topic
 * (created if missing) with the environment's values when it holds no record ({@link FlagStore#update},
 * so concurrent seeders write once), and reads the latest; then a thread of its own follows the topic.
 * Every instance reads the whole topic: its consumer is assigned the one partition, with no group to
 * share it with and no offsets to commit, and reads from the beginning, committed records only. Each
 * change is logged with who made it and passed to the {@link FlagListener}s.
 */
public final class FlagWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlagWatcher.class);

    private final FlagStore store;
    private final FeatureFlags environment;
    private final String service;
    private final List<FlagListener> listeners = new CopyOnWriteArrayList<>();
    private volatile FeatureFlags current;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param environment the start values, written when the topic has no record
     * @param service names this instance in logs and in the thread name
     */
    public FlagWatcher(FlagStore store, FeatureFlags environment, String service) {
        this.store = store;
        this.environment = environment;
        this.service = service;
        this.current = environment;
    }

    /** Seeds and reads the flags (falling back to the environment's while Kafka cannot be read), then follows them. */
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            FlagStore.Result seeded = store.update(latest -> latest.isPresent() ? Optional.empty()
                    : Optional.of(environment));
            seeded.written().ifPresent(w -> log.info("{}: seeded {} from the environment", service, store.topicName()));
            seeded.current().filter(f -> FlagEdits.problem(f).isEmpty()).ifPresent(f -> current = f);
        } catch (RuntimeException e) {
            log.warn("{}: cannot read the live flags yet ({}); running with the environment's until {} can be read",
                    service, e.getMessage(), store.topicName());
        }
        log.info("{}: feature flags {}", service, FlagText.describe(current));
        consumer = store.reader();
        running = true;
        thread = new Thread(this::follow, "flags-" + service);
        thread.setDaemon(true);
        thread.start();
    }

    /** The flags in force now. */
    public FeatureFlags current() {
        return current;
    }

    public void addListener(FlagListener listener) {
        listeners.add(listener);
    }

    /** Reads to the end of the topic and takes only the latest; from then on, each record as it comes. */
    private void follow() {
        TopicPartition partition = new TopicPartition(store.topicName(), 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long catchUpEnd = -1;
        boolean live = false;
        FeatureFlags latest = null;
        while (running) {
            try {
                if (catchUpEnd < 0) {
                    catchUpEnd = consumer.endOffsets(List.of(partition)).get(partition);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Optional<FeatureFlags> next = valid(r);
                    if (next.isPresent() && live) {
                        apply(next.get());
                    } else if (next.isPresent()) {
                        latest = next.get();
                    }
                }
                if (!live && consumer.position(partition) >= catchUpEnd) {
                    // older states replayed on the way are history, not changes: only the latest counts
                    live = true;
                    if (latest != null) {
                        apply(latest);
                    }
                }
            } catch (WakeupException e) {
                // close() woke the consumer up: the loop ends
            } catch (RuntimeException e) {
                log.warn("{}: reading {} failed, trying again: {}", service, store.topicName(), e.getMessage());
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    private Optional<FeatureFlags> valid(ConsumerRecord<String, byte[]> r) {
        if (!FeatureFlags.KEY.equals(r.key()) || r.value() == null) {
            return Optional.empty();
        }
        Optional<FeatureFlags> flags = store.decode(r);
        Optional<String> problem = flags.flatMap(FlagEdits::problem);
        if (problem.isPresent()) {
            log.error("{}: ignoring flags at {}@{} written by {}: {}", service, store.topicName(), r.offset(),
                    flags.get().changedBy(), problem.get());
            return Optional.empty();
        }
        return flags;
    }

    /** Takes a new state: logged, then told to the listeners. */
    void apply(FeatureFlags next) {
        FeatureFlags before = current;
        if (next.equals(before)) {
            return;
        }
        current = next;
        List<String> diff = FlagText.diff(before, next);
        log.info("{}: feature flags changed {}: {}", service, FlagText.origin(next),
                diff.isEmpty() ? "no value changed" : String.join(", ", diff));
        for (FlagListener listener : listeners) {
            try {
                listener.onChange(before, next);
            } catch (RuntimeException e) {
                log.error("{}: a flag listener failed: {}", service, e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
