package com.epchat.ingest.budget;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Materializes {@code ep.budget.state} into the {@link BudgetStateView}: one plain consumer on its
 * own thread, assigned every partition of the (small, compacted) topic and reading it from the
 * beginning, read_committed. Why not a consumer group or a GlobalKTable: every instance needs the
 * whole topic, nothing needs committing (a restart re-reads a few thousand keys in well under a
 * second), and a Kafka Streams application with its state directory would be a second runtime in a
 * web service for one map.
 */
public class BudgetStateListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BudgetStateListener.class);
    private static final Duration EVICT_EVERY = Duration.ofMinutes(10);

    private final Map<String, Object> consumerProperties;
    private final BudgetStateView view;
    private volatile Consumer<String, BudgetState> consumer;
    private volatile Thread thread;

    public BudgetStateListener(KafkaProperties kafka, BudgetStateView view) {
        Map<String, Object> props = kafka.buildConsumerProperties();
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // budget-streams writes states in transactions: never show an aborted one
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerProperties = props;
        this.view = view;
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerProperties, Topics.BUDGET_STATE.keySerde().deserializer(),
                Topics.BUDGET_STATE.valueSerde().deserializer());
        thread = new Thread(this::run, "budget-state-view");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try (Consumer<String, BudgetState> c = consumer) {
            List<TopicPartition> partitions = assignAll(c);
            Map<TopicPartition, Long> startEnd = c.endOffsets(partitions);
            Instant nextEviction = Instant.now().plus(EVICT_EVERY);
            while (!Thread.currentThread().isInterrupted()) {
                c.poll(Duration.ofSeconds(1)).forEach(r -> view.apply(r.key(), r.value()));
                if (!view.loaded() && partitions.stream().allMatch(p -> c.position(p) >= startEnd.get(p))) {
                    view.markLoaded();
                }
                if (Instant.now().isAfter(nextEviction)) {
                    view.evictEnded(Instant.now());
                    nextEviction = Instant.now().plus(EVICT_EVERY);
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to
        } catch (RuntimeException e) {
            log.error("budget state view stopped: {}", e.getMessage(), e);
        }
    }

    /** Every partition of the topic, from the beginning; waits for the topic if it does not exist yet. */
    private static List<TopicPartition> assignAll(Consumer<String, BudgetState> c) {
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            partitions = c.partitionsFor(Topics.BUDGET_STATE.name(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                pause();
            }
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return partitions;
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    @Override
    public void stop() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        consumer.wakeup();
        try {
            t.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
