package com.epchat.batch.coordinator;

import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The one processor of a task's batches: hands each input and outcome to the {@link BatchCoordinator} and,
 * every {@code tick} of wall-clock time, lets it dispatch what became ready, expire, force-end orphans and
 * publish the states that changed. Everything it forwards goes out in the same exactly-once transaction as
 * the store changes and the input offsets behind it.
 */
final class BatchProcessor implements Processor<String, BatchEvent, String, Emission> {

    private final BatchTopology.Settings settings;
    private final BatchMetrics metrics;
    private ProcessorContext<String, Emission> context;
    private BatchCoordinator coordinator;
    private String task;

    BatchProcessor(BatchTopology.Settings settings, BatchMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        this.context = context;
        this.task = context.applicationId() + "-" + context.taskId();
        this.coordinator = new BatchCoordinator(new BatchStores(context), settings, metrics,
                (key, emission) -> context.forward(new Record<>(key, emission, context.currentSystemTimeMs())));
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, BatchEvent> record) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        BatchEvent event = record.value();
        if (event.input() != null) {
            coordinator.onInput(event.input(), now);
        } else {
            coordinator.onOutcome(event.outcome(), now);
        }
    }

    private void tick(long wallClockMs) {
        BatchCoordinator.Tally tally = coordinator.tick(Instant.ofEpochMilli(wallClockMs));
        metrics.tally(task, tally.activeBatches(), tally.pending(), tally.running());
    }

    @Override
    public void close() {
        if (task != null) {
            metrics.forget(task);
        }
    }
}
