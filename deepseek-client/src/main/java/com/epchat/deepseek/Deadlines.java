package com.epchat.deepseek;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The two deadlines of one call, on a monotonic clock: the idle deadline moves forward on each
 * {@link #progress()} (a data line), the overall deadline never moves. Out: how long the caller may
 * still wait, and which deadline (if any) has passed, as STALLED (idle) or TIMEOUT (overall).
 */
final class Deadlines {

    private final LongSupplier nanoClock;
    private final Duration idle;
    private final Duration overall;
    private final long idleNanos;
    private final long overallDeadline;
    private long idleDeadline;

    Deadlines(LongSupplier nanoClock, Duration idle, Duration overall) {
        this.nanoClock = nanoClock;
        this.idle = idle;
        this.overall = overall;
        long now = nanoClock.getAsLong();
        this.idleNanos = idle.toNanos();
        this.overallDeadline = now + overall.toNanos();
        this.idleDeadline = now + idleNanos;
    }

    void progress() {
        idleDeadline = nanoClock.getAsLong() + idleNanos;
    }

    /** Nanoseconds until the nearer deadline (0 or less when one has passed). */
    long remainingNanos() {
        long now = nanoClock.getAsLong();
        return Math.min(idleDeadline - now, overallDeadline - now);
    }

    /** TIMEOUT if the overall deadline passed, STALLED if the idle one did, else null. */
    Kind expired() {
        long now = nanoClock.getAsLong();
        if (now - overallDeadline >= 0) {
            return Kind.TIMEOUT;
        }
        return now - idleDeadline >= 0 ? Kind.STALLED : null;
    }

    String describe(Kind kind) {
        return kind == Kind.TIMEOUT
                ? "call exceeded the overall timeout of " + overall
                : "no data for " + idle + " (idle timeout; keep-alive comments do not count)";
    }
}
