package com.epchat.cost.rollup;

import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.time.Instant;

/** Adds usage events to {@link FinanceRollup}s, exactly: token counts as longs, cost as {@link Usd}. */
public final class Rollups {

    private Rollups() {
    }

    public static FinanceRollup empty(String dimension, RollupWindow window, Instant at) {
        return new FinanceRollup(dimension, window.start(), window.end(), 0, 0, TokenUsage.NONE, Usd.ZERO, at);
    }

    /**
     * {@code rollup} plus one usage event. A job counts once, on its {@code last} event; a call counts
     * when it reached the provider (round 0 is the empty event of a job that never called it).
     */
    public static FinanceRollup add(FinanceRollup rollup, UsageEvent usage, Instant at) {
        return new FinanceRollup(rollup.dimension(), rollup.windowStart(), rollup.windowEnd(),
                rollup.jobs() + (usage.last() ? 1 : 0),
                rollup.calls() + (usage.round() > 0 ? 1 : 0),
                rollup.tokens().plus(usage.tokens()),
                rollup.cost().plus(usage.cost()),
                at);
    }
}
