package com.epchat.topics.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * A Kafka serde for one event type, as plain JSON with no type headers, so that any Kafka client
 * in any language can read the topics. A record that cannot be read fails with a
 * {@link SerializationException} naming the type, which the services route to the dead-letter topic.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;

    public JsonSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.writer = Json.MAPPER.writerFor(type);
        this.reader = Json.MAPPER.readerFor(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    }

    private byte[] write(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private T read(String topic, byte[] bytes) {
        try {
            return reader.readValue(bytes);
        } catch (JacksonException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
