package com.epchat.deepseek;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How often and how patiently {@link RetryingCaller} retries a retryable failure.
 *
 * <p>In: the attempt budget (first call included), the backoff before the first retry, the backoff cap
 * and the jitter. Out: the delay before retry {@code n}: {@code initialBackoff * 2^(n-1)} capped at
 * {@code maxBackoff}, then jittered. A jitter in {@code [0, 1)} is proportional (the delay is spread
 * uniformly over {@code ±jitter} of itself, then capped again); a jitter of exactly {@code 1} is "full
 * jitter" (uniform over {@code [0, delay]}). A server {@code Retry-After} wins when it is longer, and is not
 * capped: the server knows when it will take us back.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be within [0, 1]: " + jitter);
        }
    }

    /** 4 attempts, 500 ms doubling up to 30 s, ±20 % jitter. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);
    }

    /** A single attempt: no retries. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.0);
    }

    /** The un-jittered delay before retry {@code retry} (1 = after the first failed attempt). */
    public Duration baseDelay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1: " + retry);
        }
        // doubles avoid long overflow for large retry numbers; the cap brings the value back in range
        double nanos = initialBackoff.toNanos() * Math.pow(2, retry - 1);
        return Duration.ofNanos((long) Math.min(nanos, maxBackoff.toNanos()));
    }

    /** The jittered delay before retry {@code retry}; {@code random} is uniform in {@code [0, 1)}. */
    public Duration delay(int retry, double random) {
        double base = baseDelay(retry).toNanos();
        double jittered = jitter >= 1.0
                ? base * random
                : base * (1.0 - jitter + 2.0 * jitter * random);
        return Duration.ofNanos((long) Math.min(jittered, maxBackoff.toNanos()));
    }

    /** As {@link #delay(int, double)}, but never shorter than the server's {@code Retry-After}. */
    public Duration delay(int retry, double random, Optional<Duration> retryAfter) {
        Duration computed = delay(retry, random);
        return retryAfter.filter(serverSays -> serverSays.compareTo(computed) > 0).orElse(computed);
    }
}
