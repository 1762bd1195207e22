package com.epchat.batch.coordinator;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.DeadLetter;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Reads the raw bytes of {@code ep.batch.input} or {@code ep.batch.outcomes} into a {@link BatchEvent}. A
 * record that is not JSON, lacks what the coordinator needs, or is keyed by another batch than its own (its
 * batch's records would then meet in another task) becomes a {@link DeadLetter} instead of stopping the task.
 */
final class BatchEventParser implements FixedKeyProcessor<String, byte[], BatchEvent> {

    static final String SERVICE = "batch-coordinator";

    private final boolean outcomes;
    private FixedKeyProcessorContext<String, BatchEvent> context;

    private BatchEventParser(boolean outcomes) {
        this.outcomes = outcomes;
    }

    static BatchEventParser inputs() {
        return new BatchEventParser(false);
    }

    static BatchEventParser outcomes() {
        return new BatchEventParser(true);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, BatchEvent> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // neither topic is compacted: no tombstone is expected, and it would carry nothing
        }
        try {
            BatchEvent event = outcomes ? outcome(record) : input(record);
            String problem = event.input() != null ? problemOf(record.key(), event.input())
                    : problemOf(record.key(), event.outcome());
            context.forward(record.withValue(problem == null ? event : deadLetter(record, problem)));
        } catch (SerializationException e) {
            context.forward(record.withValue(deadLetter(record, e.getMessage())));
        }
    }

    private static BatchEvent input(FixedKeyRecord<String, byte[]> record) {
        return new BatchEvent(Topics.BATCH_INPUT.valueSerde().deserializer()
                .deserialize(Topics.BATCH_INPUT.name(), record.value()), null, null);
    }

    private static BatchEvent outcome(FixedKeyRecord<String, byte[]> record) {
        return new BatchEvent(null, Topics.BATCH_OUTCOMES.valueSerde().deserializer()
                .deserialize(Topics.BATCH_OUTCOMES.name(), record.value()), null);
    }

    /** Why the coordinator cannot use this input, or null when it can. */
    static String problemOf(String key, BatchInput input) {
        if (input.type() == null || input.batchId() == null || input.userId() == null) {
            return "BatchInput lacks type, batchId or userId";
        }
        if (!input.batchId().equals(key)) {
            return "BatchInput of " + input.batchId() + " is keyed '" + key + "', not by its batchId";
        }
        return switch (input.type()) {
            case ITEM -> input.item() == null || input.item().customId() == null || input.item().request() == null
                    ? "BatchInput ITEM of " + input.batchId() + " lacks its item, custom_id or request" : null;
            case SEAL -> input.spec() == null || input.spec().expiresAt() == null
                    || input.spec().onBudgetReject() == null
                    ? "BatchInput SEAL of " + input.batchId() + " lacks its spec, expiresAt or onBudgetReject" : null;
            case CANCEL -> null;
        };
    }

    /** Why the coordinator cannot use this outcome, or null when it can. */
    static String problemOf(String key, BatchItemOutcome outcome) {
        if (outcome.batch() == null || outcome.batch().batchId() == null || outcome.state() == null) {
            return "BatchItemOutcome " + outcome.jobId() + " lacks its batch reference or state";
        }
        if (!outcome.batch().batchId().equals(key)) {
            return "BatchItemOutcome " + outcome.jobId() + " is keyed '" + key + "', not by its batchId";
        }
        if (outcome.cost() != null && outcome.cost().isNegative()) {
            return "BatchItemOutcome " + outcome.jobId() + " has a negative cost " + outcome.cost();
        }
        return null;
    }

    private BatchEvent deadLetter(FixedKeyRecord<String, byte[]> record, String error) {
        var meta = context.recordMetadata().orElse(null);
        String topic = outcomes ? Topics.BATCH_OUTCOMES.name() : Topics.BATCH_INPUT.name();
        return new BatchEvent(null, null, new DeadLetter(meta == null ? topic : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), record.key(),
                Base64.getEncoder().encodeToString(record.value()), error, SERVICE,
                Instant.ofEpochMilli(context.currentSystemTimeMs())));
    }
}
