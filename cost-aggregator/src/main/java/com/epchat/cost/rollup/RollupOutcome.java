package com.epchat.cost.rollup;

import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;

/** What a rollup processor makes of one usage event: its window's new total, or a correction. */
record RollupOutcome(FinanceRollup rollup, CostCorrection correction) {

    static RollupOutcome updated(FinanceRollup rollup) {
        return new RollupOutcome(rollup, null);
    }

    static RollupOutcome late(CostCorrection correction) {
        return new RollupOutcome(null, correction);
    }

    boolean isCorrection() {
        return correction != null;
    }
}
