package com.epchat.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobRetryPolicyTests {

    @Test
    void shouldDoubleTheBackoffAtEachRetryUpToItsCap() {
        var policy = new JobRetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(10));

        assertThat(java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(policy::delay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 10L, 10L, 10L, 10L);
    }

    @Test
    void shouldNotOverflowOnAVeryLateRetry() {
        var policy = new JobRetryPolicy(1_000, Duration.ofMillis(1), Duration.ofMinutes(1));

        assertThat(policy.delay(1_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldAllowExactlyMaxRetries() {
        var policy = new JobRetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThat(policy.allowsRetry(1)).isTrue();
        assertThat(policy.allowsRetry(2)).isTrue();
        assertThat(policy.allowsRetry(3)).isFalse();
        assertThat(new JobRetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)).allowsRetry(1)).isFalse();
    }

    @Test
    void shouldDefaultToFiveRetriesFromOneSecondCappedAtThirty() {
        var policy = JobRetryPolicy.defaults();

        assertThat(policy.maxRetries()).isEqualTo(5);
        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRefuseANonsensePolicy() {
        assertThatThrownBy(() -> new JobRetryPolicy(-1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> new JobRetryPolicy(1, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("backoff");
        assertThatThrownBy(() -> new JobRetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff");
    }
}
