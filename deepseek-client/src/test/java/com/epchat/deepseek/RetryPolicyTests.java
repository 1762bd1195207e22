package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTests {

    private final RetryPolicy policy = RetryPolicy.defaults();

    @Test
    void shouldDefaultToFourAttemptsFrom500msUpTo30sWith20PercentJitter() {
        assertThat(policy).isEqualTo(new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30), 0.2));
    }

    @Test
    void shouldDoubleTheBaseDelayUpToTheCap() {
        assertThat(policy.baseDelay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.baseDelay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.baseDelay(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.baseDelay(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.baseDelay(500)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldKeepProportionalJitterWithinItsBounds() {
        for (double random = 0.0; random < 1.0; random += 0.01) {
            assertThat(policy.delay(3, random)).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
            assertThat(policy.delay(10, random)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(30));
        }
        assertThat(policy.delay(3, 0.0)).isEqualTo(Duration.ofMillis(1600));
        assertThat(policy.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldSpreadFullJitterFromZeroToTheBaseDelay() {
        RetryPolicy full = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 1.0);

        assertThat(full.delay(2, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(full.delay(2, 0.25)).isEqualTo(Duration.ofMillis(500));
        assertThat(full.delay(2, 0.999)).isBetween(Duration.ofMillis(1990), Duration.ofSeconds(2));
    }

    @Test
    void shouldWaitForTheServersRetryAfterWhenItIsLonger() {
        assertThat(policy.delay(1, 0.5, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delay(1, 0.5, Optional.of(Duration.ofMillis(100)))).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delay(1, 0.5, Optional.empty())).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldRejectNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 1.5));
    }
}
