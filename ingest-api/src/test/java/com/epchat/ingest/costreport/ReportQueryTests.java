package com.epchat.ingest.costreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Periods of the cost report: defaults, dates in the rollup's zone, inclusive end dates. */
class ReportQueryTests {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T20:00:00Z"), ZoneOffset.UTC);
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void shouldDefaultToTodayPerDay() {
        assertThat(ReportQuery.parse(null, null, null, SHANGHAI, NOW)).isEqualTo(new ReportQuery(
                Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"), GroupBy.DAY,
                ZoneOffset.UTC));
    }

    @Test
    void shouldReadUserDaysInTheBudgetTimezone() {
        ReportQuery query = ReportQuery.parse(null, null, "user", SHANGHAI, NOW);

        // 20:00 UTC is already the 27th in Shanghai
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-26T16:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-27T16:00:00Z"));
    }

    @Test
    void shouldTakeAnEndDateAsInclusive() {
        ReportQuery november = ReportQuery.parse("2026-11-01", "2026-11-30", "model", SHANGHAI, NOW);

        assertThat(november.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(november.to()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void shouldAcceptInstantsWithAnOffsetOnTheBoundary() {
        ReportQuery query = ReportQuery.parse("2026-11-26T18:00:00+08:00", "2026-11-26T12:00:00Z", "hour", SHANGHAI, NOW);

        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    }
}
