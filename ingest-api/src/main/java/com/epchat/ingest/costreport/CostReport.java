package com.epchat.ingest.costreport;

import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/cost-report}: totals and one row per user, model, hour or day, summed
 * exactly from the finance rollups; {@code corrections} is the late usage of the period that the
 * rollups do not hold (it arrived after its window's grace), reported apart, never lost.
 *
 * @param source the finance topic the figures come from
 */
record CostReport(Instant from, Instant to, String groupBy, String timezone, String source, String currency,
        Line totals, List<Line> rows, Corrections corrections) {

    /** The usage of one row (or of the whole period): jobs ended, provider calls, tokens, exact cost. */
    record Line(String key, long jobs, long calls, TokenUsage tokens, Usd cost) {

        static Line empty(String key) {
            return new Line(key, 0, 0, TokenUsage.NONE, Usd.ZERO);
        }

        Line plus(FinanceRollup rollup) {
            return new Line(key, jobs + rollup.jobs(), calls + rollup.calls(), tokens.plus(rollup.tokens()),
                    cost.plus(rollup.cost()));
        }
    }

    /** Late usage of the period, by usage event, not included in the totals. */
    record Corrections(long count, Usd cost) {
    }
}
