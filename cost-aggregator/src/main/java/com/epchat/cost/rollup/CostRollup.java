package com.epchat.cost.rollup;

import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;

/** Running totals of usage events: provider calls, tokens by kind, exact cost. */
public record CostRollup(long calls, TokenUsage tokens, Usd cost) {

    public static final CostRollup EMPTY = new CostRollup(0, TokenUsage.NONE, Usd.ZERO);

    public CostRollup add(UsageEvent usage) {
        return new CostRollup(calls + 1, tokens.plus(usage.tokens()), cost.plus(usage.cost()));
    }
}
