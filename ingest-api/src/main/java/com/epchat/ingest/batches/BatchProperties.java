package com.epchat.ingest.batches;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The limits of {@code POST /api/batches}, bound from {@code ingest-api.yml}.
 *
 * @param maxLines {@code BATCH_MAX_LINES}: requests (non-blank lines) a file may hold
 * @param maxBytes {@code BATCH_MAX_BYTES}: size of the whole file
 * @param maxLineBytes {@code BATCH_MAX_LINE_BYTES}: size of one line
 * @param completionWindow {@code BATCH_COMPLETION_WINDOW}: the window of a batch that names none
 * @param minCompletionWindow {@code BATCH_MIN_COMPLETION_WINDOW}: the shortest window a caller may ask
 *     for (1 minute; tests shorten it)
 * @param maxResultStreams {@code BATCH_RESULTS_MAX_STREAMS}: result downloads served at once by this
 *     instance (each holds a request thread and a Kafka consumer); more get 503
 */
@ConfigurationProperties("ep.batches")
public record BatchProperties(int maxLines, DataSize maxBytes, DataSize maxLineBytes, Duration completionWindow,
        Duration minCompletionWindow, int maxResultStreams) {

    public BatchProperties {
        if (maxLines <= 0) {
            throw new IllegalArgumentException("BATCH_MAX_LINES must be above zero, was " + maxLines);
        }
        if (maxBytes == null || maxBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("BATCH_MAX_BYTES must be a positive size, was " + maxBytes);
        }
        if (maxLineBytes == null || maxLineBytes.toBytes() <= 0 || maxLineBytes.toBytes() > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("BATCH_MAX_LINE_BYTES must be a positive size below 1GB, was "
                    + maxLineBytes);
        }
        if (minCompletionWindow == null || minCompletionWindow.compareTo(CompletionWindow.SHORTEST_ALLOWED_MIN) < 0
                || minCompletionWindow.compareTo(CompletionWindow.MAX) > 0) {
            throw new IllegalArgumentException("BATCH_MIN_COMPLETION_WINDOW must be between 1 second and 7 days, was "
                    + minCompletionWindow);
        }
        if (completionWindow == null || CompletionWindow.outOfRange(completionWindow, minCompletionWindow)) {
            throw new IllegalArgumentException("BATCH_COMPLETION_WINDOW must be between BATCH_MIN_COMPLETION_WINDOW and 7 days, was "
                    + completionWindow);
        }
        if (maxResultStreams <= 0) {
            throw new IllegalArgumentException("BATCH_RESULTS_MAX_STREAMS must be above zero, was " + maxResultStreams);
        }
    }

    /** The documented defaults, for tests. */
    public static BatchProperties defaults() {
        return new BatchProperties(50_000, DataSize.ofMegabytes(100), DataSize.ofKilobytes(512), Duration.ofHours(24),
                CompletionWindow.MIN, 64);
    }
}
