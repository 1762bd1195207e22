package com.epchat.budget.ledger;

import java.time.Instant;

/** One budget window, {@code [start, end)}: a user's day or the site's clock hour. */
public record Window(Instant start, Instant end) {

    public boolean contains(long epochMillis) {
        return start.toEpochMilli() <= epochMillis && epochMillis < end.toEpochMilli();
    }
}
