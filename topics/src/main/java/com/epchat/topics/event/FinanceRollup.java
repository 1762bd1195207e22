package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * A finance rollup: the usage of one dimension value (a user, the site, an API model) in one
 * window (a day or an hour), on a compacted topic keyed by {@code <windowStart ISO-8601>/<dimension>}.
 * The latest record of a key is the rollup's current total; late usage within grace updates it.
 *
 * @param jobs jobs that ended in the window (usage events flagged {@code last})
 * @param calls provider calls billed in the window
 */
public record FinanceRollup(
        String dimension,
        Instant windowStart,
        Instant windowEnd,
        long jobs,
        long calls,
        TokenUsage tokens,
        Usd cost,
        Instant updatedAt) {

    public static String key(Instant windowStart, String dimension) {
        return windowStart + "/" + dimension;
    }
}
