package com.epchat.batch.coordinator;

import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;

/**
 * How an item ends: the bucket it is counted in and what its result says (output, usage and cost of its last
 * attempt, if any ran; an error unless it succeeded).
 */
record ItemEnd(Bucket bucket, String output, String finishReason, TokenUsage usage, Usd cost,
        BatchResult.Error error) {

    /** An item that never ran (or whose attempt never reported): no output, nothing billed. */
    static ItemEnd without(Bucket bucket, String code, String message) {
        return new ItemEnd(bucket, null, null, TokenUsage.NONE, Usd.ZERO, new BatchResult.Error(code, message));
    }

    /** An attempt that reported: its output and cost, partial ones included, are the item's. */
    static ItemEnd of(Bucket bucket, BatchItemOutcome outcome, BatchResult.Error error) {
        return new ItemEnd(bucket, outcome.output(), outcome.finishReason(),
                outcome.usage() == null ? TokenUsage.NONE : outcome.usage(),
                outcome.cost() == null ? Usd.ZERO : outcome.cost(), error);
    }

    static BatchResult.Error error(String code, String message) {
        return new BatchResult.Error(code, message);
    }
}
