package com.epchat.topics.event;

import java.time.Instant;
import java.util.List;

/**
 * A client asked for a generation. Written by ingest-api once the request is valid; keyed by
 * {@code userId} so that a user's requests and usage meet in one budget-streams task.
 *
 * @param model the logical model the client asked for ({@code deepseek-v3.1}, ...), not an API id
 * @param maxTokens the total output the client wants, over all continuation rounds
 * @param budgetGuard false only when a caller allowed to skip the guard asked for it
 * @param lane {@code bulk} for a batch item: its decision goes to {@code ep.budget.decisions.bulk}
 * @param batch the batch item this job runs; null for an interactive request
 */
public record GenerationRequested(
        String jobId,
        String userId,
        String model,
        List<ChatMessage> messages,
        int maxTokens,
        boolean budgetGuard,
        Lane lane,
        CostEstimate estimate,
        Instant requestedAt,
        BatchRef batch) {

    public GenerationRequested {
        messages = List.copyOf(messages);
    }

    /** An interactive request, or a bulk one before it is dispatched: no batch reference. */
    public GenerationRequested(String jobId, String userId, String model, List<ChatMessage> messages, int maxTokens,
            boolean budgetGuard, Lane lane, CostEstimate estimate, Instant requestedAt) {
        this(jobId, userId, model, messages, maxTokens, budgetGuard, lane, estimate, requestedAt, null);
    }

    /** This request as one attempt of a batch item: its job id is the attempt's. */
    public GenerationRequested forAttempt(BatchRef ref, Instant dispatchedAt) {
        return new GenerationRequested(ref.jobId(), userId, model, messages, maxTokens, budgetGuard, Lane.BULK,
                estimate, dispatchedAt, ref);
    }
}
