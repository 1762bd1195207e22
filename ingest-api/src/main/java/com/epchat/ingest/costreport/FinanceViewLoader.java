package com.epchat.ingest.costreport;

import com.epchat.ingest.kafka.CompactedTopicFollower;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FinanceRollup;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Fills the {@link FinanceView} from the four finance topics (key: String, value: a rollup or a
 * correction, JSON) with a {@link CompactedTopicFollower}: every partition assigned (no group, so no
 * rebalance and every instance has the whole view), read from the beginning, {@code read_committed}
 * because cost-aggregator writes them in transactions; the view is caught up once the ends found at
 * start-up are read. A plain consumer rather than a Kafka Streams GlobalKTable: ingest-api runs no
 * Streams application and keeps no state directory, the view is small (one rollup per key) and rebuilt
 * from the compacted topics in seconds at start-up. Values are read as bytes and parsed here, per
 * topic, so that an unreadable one is skipped without stopping the others.
 */
@Component
class FinanceViewLoader extends CompactedTopicFollower<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(FinanceViewLoader.class);
    static final List<Topic<String, ?>> TOPICS = List.of(Topics.FINANCE_USER_DAILY, Topics.FINANCE_SITE_HOURLY,
            Topics.FINANCE_MODEL_DAILY, Topics.FINANCE_CORRECTIONS);

    FinanceViewLoader(KafkaProperties kafka, FinanceView view) {
        super(kafka, follow("finance-view", TOPICS.stream().map(Topic::name).toList(),
                () -> Topics.FINANCE_USER_DAILY.keySerde().deserializer(), ByteArrayDeserializer::new)
                .onRecord(r -> apply(view, r))
                .onCaughtUp(view::markCaughtUp));
    }

    private static void apply(FinanceView view, ConsumerRecord<String, byte[]> record) {
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
}
