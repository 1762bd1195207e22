package com.epchat.ingest.batches;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Materializes {@code ep.batch.state} into the {@link BatchStateView}: one plain consumer thread,
 * every partition assigned, read from the beginning (compacted; batches are deleted 30 days after
 * their last change), read_committed because batch-coordinator writes in transactions. No group and
 * no GlobalKTable, as for the budget state: every instance needs the whole topic and commits nothing.
 */
class BatchStateListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchStateListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration EVICT_EVERY = Duration.ofMinutes(10);

    private final Map<String, Object> consumerProps;
    private final BatchStateView view;
    private final Clock clock = Clock.systemUTC();
    private volatile KafkaConsumer<String, BatchState> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    BatchStateListener(KafkaProperties kafka, BatchStateView view) {
        this.consumerProps = kafka.buildConsumerProperties();
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-batch-state-" + UUID.randomUUID().toString().substring(0, 8));
        this.view = view;
    }

    private void run() {
        try {
            while (running) {
                try (var c = new KafkaConsumer<>(consumerProps, Topics.BATCH_STATE.keySerde().deserializer(),
                        Topics.BATCH_STATE.valueSerde().deserializer())) {
                    consumer = c;
                    if (running) {
                        follow(c);
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    // the broker is unreachable or the topic missing: try again; lookups wait meanwhile
                    log.warn("batch state view: {}; retrying", e.toString());
                    pause();
                }
            }
        } finally {
            view.following(false);
        }
    }

    private void follow(KafkaConsumer<String, BatchState> c) {
        List<TopicPartition> partitions = c.partitionsFor(Topics.BATCH_STATE.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        view.following(true);
        Instant nextEviction = clock.instant();
        while (running) {
            long ticket = view.barrier().pending();
            if (ticket > 0) {
                Map<TopicPartition, Long> ends = c.endOffsets(partitions);
                while (running && partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                    apply(c.poll(POLL));
                }
                view.barrier().release(ticket);
            } else {
                apply(c.poll(POLL));
            }
            if (clock.instant().isAfter(nextEviction)) {
                view.evictOlderThan(clock.instant().minus(Topics.BATCH_STATE.retention()));
                nextEviction = clock.instant().plus(EVICT_EVERY);
            }
        }
    }

    private void apply(ConsumerRecords<String, BatchState> records) {
        records.forEach(r -> {
            if (r.key() != null) {
                view.apply(r.key(), r.value());
            }
        });
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "batch-state-view");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, BatchState> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
