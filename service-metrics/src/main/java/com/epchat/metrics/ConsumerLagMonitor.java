package com.epchat.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ep_chat_consumer_lag_records{group,topic}}: records a consumer group has yet to read, from the
 * broker's view (committed offsets against the last stable offsets), so the figure stays right when
 * the group's consumers are stuck or gone, which is when the stalled-pipeline alert needs it.
 * Partitions the group never committed are not counted.
 */
public final class ConsumerLagMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);

    private final Admin admin;
    private final Supplier<String> group;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lagByTopic = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-lag");
        t.setDaemon(true);
        return t;
    });

    /** @param group the consumer group, asked at each refresh (null while it is not known yet) */
    public ConsumerLagMonitor(Map<String, Object> adminConfig, Supplier<String> group, MeterRegistry registry,
            Duration every) {
        this.admin = Admin.create(adminConfig);
        this.group = group;
        this.registry = registry;
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the group's committed offsets and the topics' ends once, and updates the gauges. */
    public void refresh() throws Exception {
        String id = group.get();
        if (id == null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new java.util.HashMap<>(admin.listConsumerGroupOffsets(id)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
        committed.values().removeIf(java.util.Objects::isNull);
        if (committed.isEmpty()) {
            return;
        }
        var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
        Map<String, Long> lag = committed.entrySet().stream().collect(Collectors.groupingBy(e -> e.getKey().topic(),
                Collectors.summingLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset()))));
        lag.forEach((topic, records) -> lagByTopic.computeIfAbsent(id + "|" + topic, k -> register(id, topic))
                .set(records));
    }

    private AtomicLong register(String id, String topic) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("ep_chat_consumer_lag_records", value, AtomicLong::get)
                .description("records a consumer group has yet to read (committed offset to last stable offset)")
                .tags("group", id, "topic", topic).register(registry);
        return value;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Exception e) {
            log.debug("could not read the lag of group {}: {}", group.get(), e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
