package com.epchat.ingest.batches;

import java.util.List;

/**
 * A file refused as a whole: answered 400 {@code invalid_batch} with the first bad lines and how many
 * there were. Nothing of the batch was published.
 */
class InvalidBatchException extends RuntimeException {

    private final List<LineError> lines;
    private final int invalidLines;

    InvalidBatchException(String message, List<LineError> lines, int invalidLines) {
        super(message);
        this.lines = List.copyOf(lines);
        this.invalidLines = invalidLines;
    }

    List<LineError> lines() {
        return lines;
    }

    int invalidLines() {
        return invalidLines;
    }
}
