package com.epchat.worker.batch;

import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * The {@link BatchItemOutcome} of a bulk job (keyed by its {@code batchId} on {@code ep.batch.outcomes}):
 * how it ended with its whole text and bill, how a previous owner ended it (read back from Kafka), or
 * its rejection by the budget guard. Pure: the worker's publishers decide when to send it.
 */
public final class BatchOutcomes {

    /** The error code of a job cancelled on its own ({@code DELETE /api/jobs/{id}} or a batch's cancel). */
    public static final String CANCELLED = "cancelled";

    private BatchOutcomes() {
    }

    /** True when this request is a batch item, whose end the batch-coordinator waits for. */
    public static boolean isBatchItem(GenerationRequested request) {
        return request != null && request.batch() != null;
    }

    /** The job ended here: completed or cancelled ({@code errorCode} null), or failed with {@code errorCode}. */
    public static BatchItemOutcome ended(GenerationRequested request, String text, String finishReason,
            String apiModel, TokenUsage usage, Usd cost, String errorCode, Instant at) {
        JobState state;
        String error = errorCode;
        if (errorCode != null) {
            state = JobState.FAILED;
        } else if (CANCELLED.equals(finishReason)) {
            state = JobState.CANCELLED;
            error = CANCELLED;
        } else {
            state = JobState.COMPLETED;
        }
        return new BatchItemOutcome(request.batch(), request.jobId(), request.userId(), state, text, finishReason,
                apiModel, usage, cost, error, null, null, at);
    }

    /**
     * The job had already ended (another worker ended it, then died before acknowledging): its outcome
     * again, from its terminal chunk and the text Kafka holds. The coordinator drops the duplicate if the
     * first one reached it.
     *
     * @param terminal the job's {@code done} or {@code error} event; null when only its last usage made it
     */
    public static BatchItemOutcome fromHistory(GenerationRequested request, String text, ChunkEvent terminal,
            TokenUsage billed, Usd cost, Instant at) {
        if (terminal == null) {
            // the worker died between billing the last call and closing the stream: the end is unknown
            return ended(request, text, "error", null, billed, cost, "worker_lost", at);
        }
        TokenUsage usage = terminal.usage() == null ? billed : terminal.usage();
        Usd total = terminal.cost() == null ? cost : terminal.cost();
        return ended(request, text, terminal.finishReason(), terminal.apiModel(), usage, total,
                terminal.type() == ChunkType.ERROR ? terminal.errorCode() : null, at);
    }

    /** The budget guard refused the item's attempt: the level and when its window resets. */
    public static BatchItemOutcome rejected(BudgetDecision decision, Instant at) {
        GenerationRequested request = decision.request();
        return new BatchItemOutcome(request.batch(), decision.jobId(), decision.userId(), JobState.REJECTED, "", null,
                null, TokenUsage.NONE, Usd.ZERO, "budget_rejected", decision.rejectedAt(), decision.retryAt(), at);
    }
}
