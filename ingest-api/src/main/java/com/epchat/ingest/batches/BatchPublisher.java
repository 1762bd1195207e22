package com.epchat.ingest.batches;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchSpec;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes {@code ep.batch.input} (key batchId) with a transactional producer of its own: a batch's
 * items and then its seal in ONE transaction, so that batch-coordinator (read_committed) sees the
 * whole batch or nothing of it, even if this instance dies half-way; and a cancel. The transaction
 * timeout bounds how long a crashed instance's open transaction can hold back the partition's
 * read_committed readers.
 */
public class BatchPublisher implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> template;

    /** @param producerProperties the application's producer properties; made transactional here */
    public BatchPublisher(Map<String, Object> producerProperties, String transactionIdPrefix) {
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 180_000);
        producerProperties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProperties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        this.producers = new DefaultKafkaProducerFactory<>(producerProperties, new StringSerializer(),
                new ByteArraySerializer());
        producers.setTransactionIdPrefix(transactionIdPrefix);
        this.template = new KafkaTemplate<>(producers);
    }

    /** Every spooled item, then the seal; committed together when this returns. */
    public void publish(String batchId, String userId, BatchUpload upload, BatchSpec spec, Instant at) {
        byte[] seal = serialize(BatchInput.seal(batchId, userId, spec, at));
        template.executeInTransaction(t -> {
            upload.forEachRecord(record -> t.send(Topics.BATCH_INPUT.name(), batchId, record));
            t.send(Topics.BATCH_INPUT.name(), batchId, seal);
            return null;
        });
    }

    /** Asks batch-coordinator to cancel the batch; acknowledged when this returns. */
    public void cancel(String batchId, String ownerUserId, String requestedBy, Instant at) {
        byte[] cancel = serialize(BatchInput.cancel(batchId, ownerUserId, requestedBy, at));
        template.executeInTransaction(t -> t.send(Topics.BATCH_INPUT.name(), batchId, cancel));
    }

    private static byte[] serialize(BatchInput input) {
        return Topics.BATCH_INPUT.valueSerde().serializer().serialize(Topics.BATCH_INPUT.name(), input);
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
