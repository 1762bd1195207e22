package com.epchat.budget.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The calendar of the two windowed levels: a user's day starts at midnight in {@code BUDGET_TIMEZONE}
 * (23 or 25 hours long on a daylight-saving change), the site's hour at the top of the clock hour in
 * the same zone (which is not the UTC hour in zones such as Asia/Kolkata). Kafka Streams'
 * {@code TimeWindows} are aligned to the epoch, so they cannot express either; the stages compute the
 * window themselves and keep it in a window store under its start.
 *
 * @param grace how long after its end a window still takes settlement (usage of the jobs that
 *     reserved in it); later usage counts as spend in the window open when it arrives
 */
public record BudgetWindows(ZoneId zone, Duration grace) {

    /** Longest day a zone can have (the autumn daylight-saving change): the user window store's size. */
    public static final Duration LONGEST_DAY = Duration.ofHours(25);

    public BudgetWindows {
        Objects.requireNonNull(zone, "zone");
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or more, was " + grace);
        }
    }

    public Window userDay(Instant t) {
        ZonedDateTime start = t.atZone(zone).toLocalDate().atStartOfDay(zone);
        ZonedDateTime end = start.toLocalDate().plusDays(1).atStartOfDay(zone);
        return new Window(start.toInstant(), end.toInstant());
    }

    public Window siteHour(Instant t) {
        ZonedDateTime start = t.atZone(zone).truncatedTo(ChronoUnit.HOURS);
        return new Window(start.toInstant(), start.toInstant().plus(Duration.ofHours(1)));
    }

    /** A window is closed once stream time has passed its end plus the grace: it takes no more changes. */
    public boolean closed(Window window, long streamTimeMs) {
        return streamTimeMs >= window.end().plus(grace).toEpochMilli();
    }
}
