package com.epchat.budget.guard;

import com.epchat.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The budget topology: {@code ep.generation.requests} (userId → GenerationRequested) in,
 * {@code ep.budget.decisions} (userId → BudgetDecision) out. Record headers travel with each
 * request to its decision, which is how ingest-api's request-reply matches the answer.
 */
public final class BudgetTopology {

    private BudgetTopology() {
    }

    public static BudgetTopology build(StreamsBuilder builder, RequestGuard guard) {
        builder.stream(Topics.GENERATION_REQUESTS.name(),
                        Consumed.with(Topics.GENERATION_REQUESTS.keySerde(), Topics.GENERATION_REQUESTS.valueSerde())
                                .withName("read-generation-requests"))
                .mapValues(guard::decide, Named.as("decide-request-level"))
                .to(Topics.BUDGET_DECISIONS.name(),
                        Produced.with(Topics.BUDGET_DECISIONS.keySerde(), Topics.BUDGET_DECISIONS.valueSerde())
                                .withName("write-budget-decisions"));
        return new BudgetTopology();
    }
}
