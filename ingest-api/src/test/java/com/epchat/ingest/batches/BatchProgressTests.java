package com.epchat.ingest.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchProgressTests {

    static final Instant START = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void shouldProjectTheRateSoFarOverTheItemsLeft() {
        // 250 of 1000 ended in 100 s: 750 left at 2.5/s → 300 s
        var p = BatchProgress.of(new BatchCounts(1000, 700, 50, 240, 5, 3, 1, 1), BatchStatus.IN_PROGRESS, START,
                START.plusSeconds(100));

        assertThat(p.percentDone()).isEqualTo(25.0);
        assertThat(p.estimatedSecondsLeft()).isEqualTo(300L);
    }

    @Test
    void shouldRoundPercentDownAndSecondsUp() {
        // 2 of 3 ended in 1 s: 1 left → 0.5 s → 1 s; 66.66% → 66.6
        var p = BatchProgress.of(new BatchCounts(3, 1, 0, 2, 0, 0, 0, 0), BatchStatus.FINALIZING, START,
                START.plusSeconds(1));

        assertThat(p.percentDone()).isEqualTo(66.6);
        assertThat(p.estimatedSecondsLeft()).isEqualTo(1L);
    }

    @Test
    void shouldSayNothingAboutTimeBeforeAnItemEndedOrTheBatchStarted() {
        var notStarted = BatchProgress.of(new BatchCounts(10, 10, 0, 0, 0, 0, 0, 0), BatchStatus.VALIDATING, null,
                START);
        var nothingEnded = BatchProgress.of(new BatchCounts(10, 6, 4, 0, 0, 0, 0, 0), BatchStatus.IN_PROGRESS, START,
                START.plusSeconds(30));

        assertThat(notStarted.percentDone()).isZero();
        assertThat(notStarted.estimatedSecondsLeft()).isNull();
        assertThat(nothingEnded.estimatedSecondsLeft()).isNull();
    }

    @Test
    void shouldBeDoneWhenFinalWhateverTheItemsEndedAs() {
        var cancelled = BatchProgress.of(new BatchCounts(10, 0, 0, 3, 0, 0, 7, 0), BatchStatus.CANCELLED, START,
                START.plusSeconds(30));

        assertThat(cancelled.percentDone()).isEqualTo(100.0);
        assertThat(cancelled.estimatedSecondsLeft()).isZero();
    }
}
