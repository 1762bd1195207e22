package com.epchat.batch.coordinator;

import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobControl;

/**
 * One record the coordinator writes; exactly one field is set, and the topology routes it to its topic:
 * a dispatched attempt (key userId), a cancel of a running attempt (key jobId), a batch's state (key
 * batchId) or an item's result (key {@code <batchId>/<custom_id>}).
 */
record Emission(GenerationRequested request, JobControl control, BatchState state, BatchResult result) {

    static Emission of(GenerationRequested request) {
        return new Emission(request, null, null, null);
    }

    static Emission of(JobControl control) {
        return new Emission(null, control, null, null);
    }

    static Emission of(BatchState state) {
        return new Emission(null, null, state, null);
    }

    static Emission of(BatchResult result) {
        return new Emission(null, null, null, result);
    }
}
