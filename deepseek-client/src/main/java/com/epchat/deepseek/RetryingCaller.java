package com.epchat.deepseek;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a DeepSeek call per {@link RetryPolicy}: only failures whose {@link DeepSeekException#retryable()}
 * is true, at most {@code maxAttempts} attempts, waiting the jittered exponential backoff or the server's
 * {@code Retry-After}, whichever is longer. Non-retryable failures (400, 401, 402, 422, unknown model)
 * are rethrown at once; after the last attempt the last failure is rethrown.
 *
 * <p>Offered as a wrapper rather than built into {@link DeepSeekClient#stream}: a caller that received
 * part of an answer may prefer to continue it (prefix completion) rather than ask again. The
 * {@link Sleeper} and the random source are injectable so tests do not wait. An interrupt during a wait
 * stops retrying (the interrupt flag is kept).
 */
public final class RetryingCaller {

    private static final Logger log = LoggerFactory.getLogger(RetryingCaller.class);

    /** One attempt of the call. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws DeepSeekException;
    }

    /** Waits between attempts; the real one sleeps. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        static Sleeper real() {
            return duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public RetryingCaller(RetryPolicy policy) {
        this(policy, Sleeper.real(), () -> ThreadLocalRandom.current().nextDouble());
    }

    public RetryingCaller(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    public <T> T call(Attempt<T> attempt) throws DeepSeekException {
        for (int number = 1; ; number++) {
            try {
                return attempt.run();
            } catch (DeepSeekException e) {
                if (!e.retryable() || number >= policy.maxAttempts() || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                Duration delay = policy.delay(number, random.getAsDouble(), e.retryAfter());
                log.info("DeepSeek attempt {}/{} failed ({}), retrying in {} ms", number, policy.maxAttempts(),
                        e.kind(), delay.toMillis());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
