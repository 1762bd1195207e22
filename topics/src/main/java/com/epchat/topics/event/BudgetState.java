package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * One budget window as budget-streams sees it now, on a compacted topic keyed by
 * {@code user_daily/<userId>} or {@code site_hourly/site}: what ingest-api's preflight reads.
 * {@code remaining = limit - spent - reserved}.
 */
public record BudgetState(
        BudgetLevel level,
        String subject,
        Instant windowStart,
        Instant windowEnd,
        Usd limit,
        Usd spent,
        Usd reserved,
        Usd remaining,
        int openReservations,
        Instant updatedAt) {

    public static String key(BudgetLevel level, String subject) {
        return level.name().toLowerCase() + "/" + subject;
    }
}
