package com.epchat.ingest.batches;

import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * How far a batch is and how long it may still take, from its counts alone: items ended over total,
 * and the rate at which items ended since the batch went {@code in_progress} projected over the items
 * left. A pure function of its inputs.
 *
 * @param percentDone 0..100, one decimal, rounded down (100 only when every item ended)
 * @param estimatedSecondsLeft null while nothing can be said (not started, nothing ended yet); 0 when final
 */
public record BatchProgress(double percentDone, Long estimatedSecondsLeft) {

    public static BatchProgress of(BatchCounts counts, BatchStatus status, Instant inProgressAt, Instant now) {
        if (status.isFinal()) {
            return new BatchProgress(100.0, 0L);
        }
        if (counts == null || counts.total() <= 0) {
            return new BatchProgress(0.0, null);
        }
        int finished = Math.min(counts.finished(), counts.total());
        double percent = Math.floor(finished * 1000.0 / counts.total()) / 10.0;
        if (inProgressAt == null || finished == 0) {
            return new BatchProgress(percent, null);
        }
        long elapsedMillis = Math.max(1, Duration.between(inProgressAt, now).toMillis());
        long left = counts.total() - finished;
        // an estimate: a double is exact enough, and cannot overflow for absurd inputs
        return new BatchProgress(percent, (long) Math.ceil(elapsedMillis / 1000.0 * left / finished));
    }
}
