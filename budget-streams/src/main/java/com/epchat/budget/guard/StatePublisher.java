package com.epchat.budget.guard;

import com.epchat.budget.ledger.Ledger;
import com.epchat.budget.ledger.Window;
import com.epchat.budget.ledger.WindowSpend;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Publishes the windows a stage's ledger changed to {@code ep.budget.state}, at most once per
 * {@link #INTERVAL} per window: the site's hour changes with every request, and a record per
 * change would double the guard's output for a topic that keeps only the latest value per key
 * anyway. It is the ledger's {@link Ledger.Changes}, told of each window the ledger writes. Publishing reads
 * the window's value from the store then, not the value at the change: the user stores have two processors
 * (the stage and its compensation), each with a publisher, and a value kept from one processor's change
 * could be older than the other's later change. Each state carries the time of the window's last change.
 * Only a subject's newest window is published (the topic is compacted by subject: a late settlement of
 * yesterday must not hide today).
 */
final class StatePublisher implements Ledger.Changes {

    /** How stale a published state may be. The view in ingest-api is advice; the decisions are never stale. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    private record Pending(String subject, Window window, long changedAt) {
    }

    private final BudgetLevel level;
    private final Usd limit;
    private final Supplier<Ledger> ledger;
    private final ProcessorContext<String, StageOutput> context;
    private final Map<String, Pending> dirty = new LinkedHashMap<>();

    /** {@code ledger} is read at publishing time: a window's value, and whether it is its subject's newest. */
    StatePublisher(BudgetLevel level, Usd limit, Supplier<Ledger> ledger,
            ProcessorContext<String, StageOutput> context) {
        this.level = level;
        this.limit = limit;
        this.ledger = ledger;
        this.context = context;
        context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void changed(String subject, Window window) {
        dirty.put(subject + "@" + window.start().toEpochMilli(),
                new Pending(subject, window, context.currentSystemTimeMs()));
    }

    void flush() {
        long streamTime = context.currentStreamTimeMs();
        for (Pending p : dirty.values()) {
            if (ledger.get().isNewest(p.subject(), p.window(), streamTime)) {
                WindowSpend s = ledger.get().spend(p.subject(), p.window());
                BudgetState state = new BudgetState(level, p.subject(), p.window().start(), p.window().end(), limit,
                        s.spent(), s.reserved(), s.remaining(limit), s.openReservations(),
                        Instant.ofEpochMilli(p.changedAt()));
                context.forward(new Record<>(BudgetState.key(level, p.subject()), StageOutput.state(state),
                        p.changedAt()));
            }
        }
        dirty.clear();
    }
}
