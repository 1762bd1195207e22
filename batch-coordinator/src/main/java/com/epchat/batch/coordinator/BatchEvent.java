package com.epchat.batch.coordinator;

import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.DeadLetter;

/** A record of {@code ep.batch.input} or {@code ep.batch.outcomes} after reading: one of the three is set. */
record BatchEvent(BatchInput input, BatchItemOutcome outcome, DeadLetter deadLetter) {

    boolean readable() {
        return deadLetter == null;
    }
}
