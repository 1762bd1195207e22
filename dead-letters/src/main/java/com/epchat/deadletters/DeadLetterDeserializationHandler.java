package com.epchat.deadletters;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * For Kafka Streams ({@code deserialization.exception.handler}): a record the topology cannot read is
 * written to {@code ep.dead-letters} and skipped, so one poison record never stops a stream task.
 * Kafka 4.1 has no dead-letter queue of its own in Streams (KIP-1034 arrives later).
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private DeadLetterPublisher publisher;

    @Override
    public void configure(Map<String, ?> configs) {
        publisher = new DeadLetterPublisher(Map.of(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)), String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)));
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        publisher.publish(record.topic(), record.partition(), record.offset(), record.key(), record.value(), exception);
        return DeserializationHandlerResponse.CONTINUE;
    }
}
