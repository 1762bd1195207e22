package com.epchat.budget.guard;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.Lane;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Where a final decision goes: {@code ep.budget.decisions.bulk} when its request travels in the bulk
 * lane, {@code ep.budget.decisions} otherwise (interactive, or a request written before lanes existed).
 * Approvals and rejections of every stage route the same way, so the worker's bulk lane sees all of a
 * batch item's decisions and the interactive lane (and ingest-api's request-reply) none of them.
 */
final class DecisionLanes implements TopicNameExtractor<String, BudgetDecision> {

    @Override
    public String extract(String key, BudgetDecision decision, RecordContext context) {
        return isBulk(decision) ? Topics.BUDGET_DECISIONS_BULK.name() : Topics.BUDGET_DECISIONS.name();
    }

    static boolean isBulk(BudgetDecision decision) {
        return decision.request() != null && decision.request().lane() == Lane.BULK;
    }
}
