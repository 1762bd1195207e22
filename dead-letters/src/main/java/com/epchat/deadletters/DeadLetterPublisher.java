package com.epchat.deadletters;

import com.epchat.topics.Topics;
import com.epchat.topics.event.DeadLetter;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record no service could read to {@code ep.dead-letters}: where it came from, its original
 * bytes (Base64) and why it failed, keyed as it was. The one place that builds a {@link DeadLetter}.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String service;

    public DeadLetterPublisher(Map<String, ?> clientConfig, String service) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clientConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-dead-letters");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.service = service;
    }

    /** Publishes and waits for the broker's acknowledgement, so the poison record is never lost. */
    public void publish(String topic, int partition, long offset, byte[] key, byte[] value, Exception error) {
        String keyText = key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(topic, partition, offset, keyText,
                value == null ? null : Base64.getEncoder().encodeToString(value), describe(error), service,
                Instant.now());
        log.error("dead letter from {}-{}@{}: {}", topic, partition, offset, letter.error());
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), keyText,
                    Topics.DEAD_LETTERS.valueSerde().serializer().serialize(Topics.DEAD_LETTERS.name(), letter)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not write a dead letter for " + topic + "-" + partition + "@"
                    + offset, e);
        }
    }

    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < 1_000; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    @Override
    public void close() {
        producer.close();
    }
}
