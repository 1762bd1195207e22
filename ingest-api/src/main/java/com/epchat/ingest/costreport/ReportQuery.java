package com.epchat.ingest.costreport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A checked cost-report request: the period {@code [from, to)} and the breakdown. {@code from} and
 * {@code to} are dates ({@code 2026-11-01}; {@code to} inclusive, so {@code from=2026-11-01&to=2026-11-30}
 * is all of November) or ISO-8601 instants ({@code 2026-11-26T10:00:00Z}; {@code to} exclusive) that
 * fall on the breakdown's boundaries, since rollups cannot be split. Dates are days of the rollup read:
 * in {@code BUDGET_TIMEZONE} for {@code groupBy=user}, UTC otherwise. Defaults: today, {@code groupBy=day}.
 */
record ReportQuery(Instant from, Instant to, GroupBy groupBy, ZoneId zone) {

    static final Duration LONGEST = Duration.ofDays(366);

    static ReportQuery parse(String from, String to, String groupBy, ZoneId budgetZone, Clock clock) {
        GroupBy by = groupBy(groupBy);
        ZoneId zone = by.budgetZone ? budgetZone : ZoneOffset.UTC;
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        Instant start = blank(from) ? today.atStartOfDay(zone).toInstant() : bound("from", from, false, by, zone);
        Instant end = blank(to) ? today.plusDays(1).atStartOfDay(zone).toInstant() : bound("to", to, true, by, zone);
        if (!end.isAfter(start)) {
            throw CostReportException.badRequest("to", "the period is empty or inverted: to (" + end
                    + ") must be after from (" + start + ")");
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw CostReportException.badRequest("to", "the period from " + start + " to " + end
                    + " is longer than 366 days; ask for it in parts");
        }
        return new ReportQuery(start, end, by, zone);
    }

    private static GroupBy groupBy(String value) {
        if (blank(value)) {
            return GroupBy.DAY;
        }
        if (!GroupBy.labels().contains(value)) {
            throw CostReportException.badRequest("groupBy", "unknown groupBy '" + value + "'; use one of "
                    + String.join(", ", GroupBy.labels()));
        }
        return GroupBy.valueOf(value.toUpperCase());
    }

    private static Instant bound(String field, String value, boolean isEnd, GroupBy by, ZoneId zone) {
        if (value.length() == 10) {
            LocalDate date = date(field, value);
            return (isEnd ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        }
        Instant at = instant(field, value);
        boolean aligned = by == GroupBy.HOUR ? at.equals(at.truncatedTo(ChronoUnit.HOURS))
                : at.equals(at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant());
        if (!aligned) {
            throw CostReportException.badRequest(field, field + " " + at + " is not at the start of "
                    + (by == GroupBy.HOUR ? "a UTC hour" : "a day in " + zone) + ": groupBy=" + by.label()
                    + " reports whole " + (by == GroupBy.HOUR ? "hours" : "days"));
        }
        return at;
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw malformed(field, value);
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(field, value);
        }
    }

    private static CostReportException malformed(String field, String value) {
        return CostReportException.badRequest(field, field + " '" + value + "' is neither a date (2026-11-26) nor "
                + "an ISO-8601 instant (2026-11-26T10:00:00Z)");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
