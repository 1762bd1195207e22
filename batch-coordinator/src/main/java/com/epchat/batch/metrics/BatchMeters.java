package com.epchat.batch.metrics;

import com.epchat.batch.coordinator.BatchMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * batch-coordinator's meters:
 * <ul>
 *   <li>{@code ep_chat_batch_items_ended_total{outcome}}: items ended, by bucket (succeeded, failed,
 *       rejected_by_budget, cancelled, expired);</li>
 *   <li>{@code ep_chat_batch_items_dispatched_total}: attempts sent to the pipeline;</li>
 *   <li>{@code ep_chat_batch_outcomes_ignored_total}: outcomes for attempts not running (duplicates);</li>
 *   <li>{@code ep_chat_batch_active}, {@code ep_chat_batch_items_pending}, {@code ep_chat_batch_items_running}:
 *       over the batches this instance's tasks own, as of their last tick.</li>
 * </ul>
 */
public final class BatchMeters implements BatchMetrics {

    private record Figures(int active, long pending, long running) {
    }

    private final MeterRegistry registry;
    private final Counter dispatched;
    private final Counter ignored;
    private final Map<String, Counter> ended = new ConcurrentHashMap<>();
    private final Map<String, Figures> byTask = new ConcurrentHashMap<>();

    public BatchMeters(MeterRegistry registry) {
        this.registry = registry;
        dispatched = Counter.builder("ep_chat_batch_items_dispatched_total")
                .description("attempts of batch items sent to ep.generation.requests").register(registry);
        ignored = Counter.builder("ep_chat_batch_outcomes_ignored_total")
                .description("outcomes for an attempt that was not running (duplicates), ignored").register(registry);
        gauge("ep_chat_batch_active", "batches not final owned by this instance", Figures::active);
        gauge("ep_chat_batch_items_pending", "items of those batches waiting to be dispatched", Figures::pending);
        gauge("ep_chat_batch_items_running", "items of those batches running in the pipeline", Figures::running);
    }

    private void gauge(String name, String description, ToLongFunction<Figures> figure) {
        Gauge.builder(name, byTask, m -> m.values().stream().mapToLong(figure).sum()).description(description)
                .register(registry);
    }

    @Override
    public void dispatched() {
        dispatched.increment();
    }

    @Override
    public void ended(String outcome) {
        ended.computeIfAbsent(outcome, o -> Counter.builder("ep_chat_batch_items_ended_total")
                .description("batch items ended for good, by outcome").tag("outcome", o).register(registry))
                .increment();
    }

    @Override
    public void ignoredOutcome() {
        ignored.increment();
    }

    @Override
    public void tally(String task, int activeBatches, long pendingItems, long runningItems) {
        byTask.put(task, new Figures(activeBatches, pendingItems, runningItems));
    }

    @Override
    public void forget(String task) {
        byTask.remove(task);
    }
}
