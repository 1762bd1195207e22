package com.epchat.ingest.costreport;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fills the {@link FinanceView} from the four finance topics with one plain consumer per instance:
 * every partition assigned (no group, so no rebalance and every instance has the whole view), read
 * from the beginning, {@code read_committed} because cost-aggregator writes them in transactions.
 * A plain consumer rather than a Kafka Streams GlobalKTable: ingest-api runs no Streams application
 * and keeps no state directory, the view is small (one rollup per key) and rebuilt from the
 * compacted topics in seconds at start-up.
 */
@Component
class FinanceViewLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FinanceViewLoader.class);
    static final List<Topic<String, ?>> TOPICS = List.of(Topics.FINANCE_USER_DAILY, Topics.FINANCE_SITE_HOURLY,
            Topics.FINANCE_MODEL_DAILY, Topics.FINANCE_CORRECTIONS);

    private final KafkaProperties kafka;
    private final FinanceView view;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    FinanceViewLoader(KafkaProperties kafka, FinanceView view) {
        this.kafka = kafka;
        this.view = view;
    }

    @Override
    public void start() {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-finance-view");
        consumer = new KafkaConsumer<>(props, Topics.FINANCE_USER_DAILY.keySerde().deserializer(),
                new ByteArrayDeserializer());
        thread = new Thread(this::run, "finance-view");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<String, ?> topic : TOPICS) {
                consumer.partitionsFor(topic.name(), Duration.ofMinutes(1))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofMinutes(1));
            while (true) {
                consumer.poll(Duration.ofSeconds(1)).forEach(this::apply);
                if (!view.caughtUp() && ends.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    view.markCaughtUp();
                    log.info("finance view loaded: {} partitions", partitions.size());
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        } catch (RuntimeException e) {
            log.error("finance view stopped: the cost report will answer 503 until restart: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (Topics.FINANCE_CORRECTIONS.name().equals(record.topic())) {
                if (record.value() != null) {
                    view.correction(read(Topics.FINANCE_CORRECTIONS, record.value()));
                }
                return;
            }
            FinanceRollup rollup = record.value() == null ? null : read(Topics.FINANCE_USER_DAILY, record.value());
            view.rollup(record.topic(), record.key(), rollup);
        } catch (SerializationException e) {
            // a reader has no dead-letter duty: the writer's record stays on the topic for finance to see
            log.warn("skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private static <V> V read(Topic<String, V> topic, byte[] bytes) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }

    @Override
    public void stop() {
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        consumer = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
