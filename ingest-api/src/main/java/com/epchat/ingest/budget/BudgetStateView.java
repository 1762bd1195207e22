package com.epchat.ingest.budget;

import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budget windows as budget-streams last published them on {@code ep.budget.state}
 * ({@code <level>/<subject>} → BudgetState), kept in memory: the latest window per key. A state whose
 * window has ended stands for nothing (a new window starts empty), and an update for an older window
 * never replaces a newer one. Fed by {@link BudgetStateListener}; read by the preflight, the 402 and
 * the budget gauges. Thread-safe.
 */
public class BudgetStateView {

    private final Map<String, BudgetState> latest = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /** One record of the state topic; a null state (a tombstone) forgets the key. */
    public void apply(String key, BudgetState state) {
        if (state == null) {
            latest.remove(key);
            return;
        }
        latest.merge(key, state, (old, update) -> update.windowStart().isBefore(old.windowStart()) ? old : update);
    }

    /** The subject's window that contains {@code now}, if anything happened in it. */
    public Optional<BudgetState> current(BudgetLevel level, String subject, Instant now) {
        return Optional.ofNullable(latest.get(BudgetState.key(level, subject))).filter(s -> isCurrent(s, now));
    }

    /** Every subject's window of a level that contains {@code now}. */
    public List<BudgetState> current(BudgetLevel level, Instant now) {
        return latest.values().stream().filter(s -> s.level() == level && isCurrent(s, now)).toList();
    }

    /** Drops the windows that ended, so that the view holds one day of users at most. */
    public void evictEnded(Instant now) {
        latest.values().removeIf(s -> !s.windowEnd().isAfter(now));
    }

    /** True once the view has read the state topic up to where it stood at start-up. */
    public boolean loaded() {
        return loaded;
    }

    void markLoaded() {
        loaded = true;
    }

    private static boolean isCurrent(BudgetState state, Instant now) {
        return !now.isBefore(state.windowStart()) && now.isBefore(state.windowEnd());
    }
}
