package com.epchat.cost.rollup;

import com.epchat.topics.Topics;
import com.epchat.topics.event.DeadLetter;
import com.epchat.topics.event.UsageEvent;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Reads the raw bytes of {@code ep.usage} into {@link UsageEvent}s and stamps each record with the
 * event's {@code occurredAt}, the time the rollups window by. A record that is not JSON, lacks a field
 * the rollups need, or is filed under another user than its own becomes a {@link DeadLetter} instead
 * of stopping the application or being skipped unseen.
 */
final class UsageParser implements FixedKeyProcessor<String, byte[], ParsedUsage> {

    static final String SERVICE = "cost-aggregator";

    private FixedKeyProcessorContext<String, ParsedUsage> context;

    @Override
    public void init(FixedKeyProcessorContext<String, ParsedUsage> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone carries no usage; ep.usage is not compacted, so none is expected
        }
        try {
            UsageEvent usage = Topics.USAGE.valueSerde().deserializer().deserialize(Topics.USAGE.name(), record.value());
            String problem = problemOf(record.key(), usage);
            if (problem != null) {
                deadLetter(record, problem);
                return;
            }
            context.forward(record.withValue(new ParsedUsage(usage, null))
                    .withTimestamp(usage.occurredAt().toEpochMilli()));
        } catch (SerializationException e) {
            deadLetter(record, e.getMessage());
        }
    }

    /** Why the rollups cannot count this event, or null when they can. */
    static String problemOf(String key, UsageEvent usage) {
        if (usage.usageId() == null || usage.userId() == null || usage.occurredAt() == null) {
            return "UsageEvent lacks usageId, userId or occurredAt";
        }
        if (usage.tokens() == null || usage.cost() == null) {
            return "UsageEvent " + usage.usageId() + " lacks tokens or cost";
        }
        if (usage.cost().isNegative()) {
            return "UsageEvent " + usage.usageId() + " has a negative cost " + usage.cost();
        }
        if (!usage.userId().equals(key)) {
            // the per-user rollup relies on ep.usage being keyed by user: another key splits a user's day
            return "UsageEvent " + usage.usageId() + " is keyed '" + key + "', not by its userId";
        }
        return null;
    }

    private void deadLetter(FixedKeyRecord<String, byte[]> record, String error) {
        var meta = context.recordMetadata().orElse(null);
        DeadLetter letter = new DeadLetter(meta == null ? Topics.USAGE.name() : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), record.key(),
                Base64.getEncoder().encodeToString(record.value()), error, SERVICE,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(record.withValue(new ParsedUsage(null, letter)));
    }
}
