package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlinesTests {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Deadlines deadlines = new Deadlines(now::get, Duration.ofNanos(100), Duration.ofNanos(250));

    @Test
    void shouldStallWhenNoProgressWithinTheIdleTimeout() {
        now.addAndGet(99);
        assertThat(deadlines.expired()).isNull();
        assertThat(deadlines.remainingNanos()).isEqualTo(1);

        now.addAndGet(1);
        assertThat(deadlines.expired()).isEqualTo(Kind.STALLED);
    }

    @Test
    void shouldMoveOnlyTheIdleDeadlineOnProgressAndTimeOutOverall() {
        now.addAndGet(90);
        deadlines.progress();
        now.addAndGet(90);
        deadlines.progress();
        assertThat(deadlines.expired()).isNull();
        assertThat(deadlines.remainingNanos()).isEqualTo(70);

        now.addAndGet(70);
        assertThat(deadlines.expired()).isEqualTo(Kind.TIMEOUT);
    }
}
