package com.epchat.budget.guard;

import com.epchat.budget.ledger.Ledger;
import com.epchat.budget.ledger.Window;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Publishes the windows a stage changed to {@code ep.budget.state}, at most once per
 * {@link #INTERVAL} per window: the site's hour changes with every request, and a record per
 * change would double the guard's output for a topic that keeps only the latest value per key
 * anyway. Each state carries the time of the window's last change. Only a subject's newest window is
 * published (the topic is compacted by subject: a late settlement of yesterday must not hide today).
 */
final class StatePublisher {

    /** How stale a published state may be. The view in ingest-api is advice; the decisions are never stale. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    private record Pending(String subject, Window window, Instant changedAt) {
    }

    private final BudgetLevel level;
    private final Ledger ledger;
    private final ProcessorContext<String, StageOutput> context;
    private final Map<String, Pending> dirty = new LinkedHashMap<>();

    StatePublisher(BudgetLevel level, Ledger ledger, ProcessorContext<String, StageOutput> context) {
        this.level = level;
        this.ledger = ledger;
        this.context = context;
        context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    /** Remembers that {@code window} of {@code subject} changed now. */
    void changed(String subject, Window window) {
        if (window != null) {
            dirty.put(subject + "@" + window.start().toEpochMilli(),
                    new Pending(subject, window, Instant.ofEpochMilli(context.currentSystemTimeMs())));
        }
    }

    void flush() {
        long streamTime = context.currentStreamTimeMs();
        for (Pending p : dirty.values()) {
            if (ledger.isNewest(p.subject(), p.window(), streamTime)) {
                BudgetState state = ledger.state(p.subject(), p.window(), p.changedAt());
                context.forward(new Record<>(BudgetState.key(level, p.subject()), StageOutput.state(state),
                        p.changedAt().toEpochMilli()));
            }
        }
        dirty.clear();
    }
}
