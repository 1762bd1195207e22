package com.epchat.budget.config;

import com.epchat.topics.Topics;
import com.epchat.topics.event.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record budget-streams cannot read (a poison request or usage event) goes to {@code ep.dead-letters}
 * (key as it was, value {@link DeadLetter} with the original bytes) and processing continues: without
 * this, one bad record would stop the guard and every request would time out. The dead letter is
 * written before the record is skipped; if it cannot be written, the guard stops rather than lose it.
 */
public class DeadLetterHandler implements DeserializationExceptionHandler {

    /** Config key under which a test may hand in its own producer. */
    public static final String PRODUCER = "ep.dead-letters.producer";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private Producer<String, DeadLetter> producer;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        if (configs.get(PRODUCER) instanceof Producer<?, ?> given) {
            producer = (Producer<String, DeadLetter>) given;
            return;
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde().serializer());
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(), key,
                record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()),
                exception.getMessage(), "budget-streams", Instant.now());
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key, letter)).get(30, TimeUnit.SECONDS);
            log.warn("unreadable record {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
                    Topics.DEAD_LETTERS.name(), exception.getMessage());
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            log.error("cannot dead-letter {}-{}@{}, stopping: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return DeserializationHandlerResponse.FAIL;
        }
    }
}
