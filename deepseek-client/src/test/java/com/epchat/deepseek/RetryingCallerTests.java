package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingCallerTests {

    private final List<Duration> waits = new ArrayList<>();
    private final RetryingCaller caller = new RetryingCaller(RetryPolicy.defaults(), waits::add, () -> 0.5);

    @Test
    void shouldRetryRetryableFailuresWithExponentialBackoffUntilSuccess() throws Exception {
        Script script = new Script(failure(Kind.SERVER_ERROR, 500), failure(Kind.STALLED, 0));

        String result = caller.call(script::next);

        assertThat(result).isEqualTo("ok");
        assertThat(script.calls).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void shouldHonourRetryAfterWhenLongerThanTheBackoff() throws Exception {
        DeepSeekException limited = new DeepSeekException(Kind.RATE_LIMITED, 429, "slow down",
                Duration.ofSeconds(3), "", "", null, null);

        String result = caller.call(new Script(limited)::next);

        assertThat(result).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void shouldNeverRetryNonRetryableKinds() {
        for (Kind kind : List.of(Kind.BAD_REQUEST, Kind.UNAUTHORIZED, Kind.INSUFFICIENT_BALANCE,
                Kind.INVALID_PARAMS, Kind.MODEL_NOT_FOUND)) {
            Script script = new Script(failure(kind, 400));

            assertThatExceptionOfType(DeepSeekException.class).isThrownBy(() -> caller.call(script::next))
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(kind));
            assertThat(script.calls).as(kind.name()).isEqualTo(1);
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsWithTheLastFailure() {
        Script script = new Script(failure(Kind.OVERLOADED, 503), failure(Kind.OVERLOADED, 503),
                failure(Kind.OVERLOADED, 503), failure(Kind.DISCONNECTED, 0), failure(Kind.OVERLOADED, 503));

        assertThatExceptionOfType(DeepSeekException.class).isThrownBy(() -> caller.call(script::next))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.DISCONNECTED));
        assertThat(script.calls).isEqualTo(4);
        assertThat(waits).hasSize(3);
    }

    @Test
    void shouldStopRetryingWhenInterruptedWhileWaiting() {
        RetryingCaller interrupted = new RetryingCaller(RetryPolicy.defaults(), d -> {
            throw new InterruptedException();
        }, () -> 0.5);
        Script script = new Script(failure(Kind.SERVER_ERROR, 500));
        try {
            assertThatExceptionOfType(DeepSeekException.class).isThrownBy(() -> interrupted.call(script::next));
            assertThat(script.calls).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static DeepSeekException failure(Kind kind, int status) {
        return new DeepSeekException(kind, status, "scripted");
    }

    /** Fails with the given failures in order, then answers "ok". */
    private static final class Script {
        private final Deque<DeepSeekException> failures;
        private int calls;

        Script(DeepSeekException... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        String next() throws DeepSeekException {
            calls++;
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            return "ok";
        }
    }
}
