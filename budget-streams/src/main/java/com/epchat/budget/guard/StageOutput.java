package com.epchat.budget.guard;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetState;

/**
 * One record a stage forwards, exactly one part set: a final decision (to {@code ep.budget.decisions}),
 * a window's state (to {@code ep.budget.state}), a command for the site stage, or a compensation for
 * the user stage. In memory only: the topology routes each part to its own sink with its own serde.
 */
record StageOutput(BudgetDecision decision, BudgetState state, SiteCommand site, Compensation compensation) {

    static StageOutput decision(BudgetDecision decision) {
        return new StageOutput(decision, null, null, null);
    }

    static StageOutput state(BudgetState state) {
        return new StageOutput(null, state, null, null);
    }

    static StageOutput site(SiteCommand site) {
        return new StageOutput(null, null, site, null);
    }

    static StageOutput compensation(Compensation compensation) {
        return new StageOutput(null, null, null, compensation);
    }
}
