package com.epchat.cost.rollup;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A rollup window {@code [start, end)}. Days start at midnight in a given zone, so a day may last 23
 * or 25 hours across a daylight-saving change; that is why rollups do not use Kafka's fixed-size
 * {@code TimeWindows}, which are aligned to the epoch in UTC.
 */
public record RollupWindow(Instant start, Instant end) {

    /** The calendar day, midnight to midnight in {@code zone}, that holds {@code at}. */
    public static RollupWindow day(Instant at, ZoneId zone) {
        var date = at.atZone(zone).toLocalDate();
        return new RollupWindow(date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** The UTC calendar day that holds {@code at}. */
    public static RollupWindow utcDay(Instant at) {
        return day(at, ZoneOffset.UTC);
    }

    /** The UTC clock hour that holds {@code at}. */
    public static RollupWindow hour(Instant at) {
        Instant start = at.truncatedTo(ChronoUnit.HOURS);
        return new RollupWindow(start, start.plus(1, ChronoUnit.HOURS));
    }
}
