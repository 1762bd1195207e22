package com.epchat.deadletters;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.backoff.FixedBackOff;

/**
 * For spring-kafka listeners: a record that cannot be deserialized (spring-kafka's
 * {@link ErrorHandlingDeserializer} turns the failure into a header) or whose processing keeps
 * failing is written to {@code ep.dead-letters}, and the listener goes on with the next record.
 */
public final class DeadLetterRecoverer implements ConsumerRecordRecoverer {

    private final DeadLetterPublisher publisher;

    public DeadLetterRecoverer(DeadLetterPublisher publisher) {
        this.publisher = publisher;
    }

    /** An error handler that retries a failing record twice, then dead-letters it; poison at once. */
    public static DefaultErrorHandler errorHandler(DeadLetterPublisher publisher) {
        return new DefaultErrorHandler(new DeadLetterRecoverer(publisher), new FixedBackOff(500, 2));
    }

    /** Wraps a value deserializer so that a poison record reaches the error handler instead of looping. */
    public static <T> ErrorHandlingDeserializer<T> tolerant(org.apache.kafka.common.serialization.Deserializer<T> d) {
        return new ErrorHandlingDeserializer<>(d);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        DeserializationException poison = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, null);
        Throwable cause = exception;
        while (cause != null && !(cause instanceof DeserializationException)) {
            cause = cause.getCause();
        }
        if (poison == null && cause instanceof DeserializationException d) {
            poison = d;
        }
        byte[] key = record.key() instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
        byte[] value = poison != null ? poison.getData() : null;
        publisher.publish(record.topic(), record.partition(), record.offset(), key, value,
                poison != null ? poison : exception);
    }

}
