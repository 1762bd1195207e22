package com.epchat.batch.coordinator;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchResult;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The batch topology. In: {@code ep.batch.input} (batchId → BatchInput: items, seal, cancel) and
 * {@code ep.batch.outcomes} (batchId → BatchItemOutcome), co-partitioned, so a batch's whole life meets in
 * one task. Out: {@code ep.generation.requests} (userId → GenerationRequested, lane bulk, one per attempt),
 * {@code ep.job.control} (jobId → JobControl CANCEL), {@code ep.batch.state} (batchId → BatchState),
 * {@code ep.batch.results} (batchId/custom_id → BatchResult, on partition {@code Topics.batchPartition}) and
 * {@code ep.dead-letters} (unreadable records).
 *
 * <pre>
 * read-batch-input    → parse-batch-input    ─┐
 * read-batch-outcomes → parse-batch-outcomes ─┴─ merge ─┬─ unreadable → write-batch-dead-letters
 *                                                       └─ coordinate-batches (stores batch-*) ─┬─ write-generation-requests
 *                                                                                               ├─ write-job-control
 *                                                                                               ├─ write-batch-state
 *                                                                                               └─ write-batch-results
 * </pre>
 */
public final class BatchTopology {

    /** Results of a batch all go to its partition: a reader of one batch reads one partition. */
    static final StreamPartitioner<String, BatchResult> BATCH_PARTITION =
            (topic, key, result, partitions) -> Optional.of(Set.of(Topics.batchPartition(result.batchId())));

    private BatchTopology() {
    }

    /**
     * What the topology needs from configuration.
     *
     * @param maxInFlight BATCH_MAX_IN_FLIGHT: running attempts per batch at most
     * @param orphanTimeout BATCH_ORPHAN_TIMEOUT: how long after its cancel a running attempt is force-ended
     * @param tick how often (wall clock) the coordinator dispatches, expires and publishes changed states
     */
    public record Settings(int maxInFlight, Duration orphanTimeout, Duration tick) {
    }

    public static void build(StreamsBuilder builder, Settings settings, BatchMetrics metrics) {
        BatchStores.builders().forEach(builder::addStateStore);
        KStream<String, BatchEvent> inputs = builder
                .stream(Topics.BATCH_INPUT.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("read-batch-input"))
                .processValues(BatchEventParser::inputs, Named.as("parse-batch-input"));
        KStream<String, BatchEvent> outcomes = builder
                .stream(Topics.BATCH_OUTCOMES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("read-batch-outcomes"))
                .processValues(BatchEventParser::outcomes, Named.as("parse-batch-outcomes"));
        Map<String, KStream<String, BatchEvent>> events = inputs.merge(outcomes, Named.as("merge-batch-events"))
                .split(Named.as("batch-events-"))
                .branch((key, e) -> !e.readable(), Branched.as("unreadable"))
                .defaultBranch(Branched.as("readable"));
        events.get("batch-events-unreadable")
                .mapValues(BatchEvent::deadLetter, Named.as("batch-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS, "write-batch-dead-letters"));

        events.get("batch-events-readable")
                .process(() -> new BatchProcessor(settings, metrics), Named.as("coordinate-batches"), BatchStores.NAMES)
                .split(Named.as("emit-"))
                .branch((key, e) -> e.request() != null, Branched.withConsumer(s -> s
                        .mapValues(Emission::request, Named.as("as-generation-request"))
                        .to(Topics.GENERATION_REQUESTS.name(),
                                produced(Topics.GENERATION_REQUESTS, "write-generation-requests")), "request"))
                .branch((key, e) -> e.control() != null, Branched.withConsumer(s -> s
                        .mapValues(Emission::control, Named.as("as-job-control"))
                        .to(Topics.JOB_CONTROL.name(), produced(Topics.JOB_CONTROL, "write-job-control")), "control"))
                .branch((key, e) -> e.state() != null, Branched.withConsumer(s -> s
                        .mapValues(Emission::state, Named.as("as-batch-state"))
                        .to(Topics.BATCH_STATE.name(), produced(Topics.BATCH_STATE, "write-batch-state")), "state"))
                .defaultBranch(Branched.withConsumer(s -> s
                        .mapValues(Emission::result, Named.as("as-batch-result"))
                        .to(Topics.BATCH_RESULTS.name(), produced(Topics.BATCH_RESULTS, "write-batch-results")
                                .withStreamPartitioner(BATCH_PARTITION)), "result"));
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }
}
