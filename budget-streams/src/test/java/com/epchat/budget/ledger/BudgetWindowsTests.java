package com.epchat.budget.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The calendar: days from local midnight, hours from the local clock hour, closing after the grace. */
class BudgetWindowsTests {

    static final Duration GRACE = Duration.ofHours(1);

    @Test
    void shouldEndTheDayAtLocalMidnightInANonUtcZone() {
        BudgetWindows shanghai = new BudgetWindows(ZoneId.of("Asia/Shanghai"), GRACE);

        // 23:59:59.999 on the 26th in Shanghai is 15:59:59.999Z; midnight of the 27th is 16:00Z
        Window lastMillisecond = shanghai.userDay(Instant.parse("2026-11-26T15:59:59.999Z"));
        Window midnight = shanghai.userDay(Instant.parse("2026-11-26T16:00:00Z"));

        assertThat(lastMillisecond).isEqualTo(
                new Window(Instant.parse("2026-11-25T16:00:00Z"), Instant.parse("2026-11-26T16:00:00Z")));
        assertThat(midnight).isEqualTo(
                new Window(Instant.parse("2026-11-26T16:00:00Z"), Instant.parse("2026-11-27T16:00:00Z")));
    }

    @Test
    void shouldGiveADaylightSavingDayItsTrueLength() {
        BudgetWindows newYork = new BudgetWindows(ZoneId.of("America/New_York"), GRACE);

        Window spring = newYork.userDay(Instant.parse("2026-03-08T12:00:00Z"));
        Window autumn = newYork.userDay(Instant.parse("2026-11-01T12:00:00Z"));

        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void shouldAlignTheSiteHourToTheLocalClockHour() {
        BudgetWindows kolkata = new BudgetWindows(ZoneId.of("Asia/Kolkata"), GRACE);

        // 10:59:59.999 IST (UTC+5:30) is 05:29:59.999Z; its clock hour is 10:00-11:00 IST
        Window hour = kolkata.siteHour(Instant.parse("2026-11-26T05:29:59.999Z"));

        assertThat(hour).isEqualTo(
                new Window(Instant.parse("2026-11-26T04:30:00Z"), Instant.parse("2026-11-26T05:30:00Z")));
        assertThat(kolkata.siteHour(Instant.parse("2026-11-26T05:30:00Z")).start())
                .isEqualTo(Instant.parse("2026-11-26T05:30:00Z"));
    }

    @Test
    void shouldCloseAWindowOnlyAfterItsGrace() {
        BudgetWindows utc = new BudgetWindows(ZoneId.of("UTC"), GRACE);
        Window day = utc.userDay(Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(utc.closed(day, Instant.parse("2026-11-27T00:59:59.999Z").toEpochMilli())).isFalse();
        assertThat(utc.closed(day, Instant.parse("2026-11-27T01:00:00Z").toEpochMilli())).isTrue();
    }
}
