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
        Instant requestedAt) {

    public GenerationRequested {
        messages = List.copyOf(messages);
    }
}
