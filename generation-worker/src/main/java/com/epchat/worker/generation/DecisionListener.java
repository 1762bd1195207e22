package com.epchat.worker.generation;

import com.epchat.topics.event.BudgetDecision;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes approved jobs from {@code ep.budget.decisions} (userId → BudgetDecision) in the worker
 * group and runs each to its end before its offset is committed: a worker that dies mid-job leaves
 * the decision to be taken again.
 */
@Component
class DecisionListener {

    private final JobRunner runner;

    DecisionListener(JobRunner runner) {
        this.runner = runner;
    }

    @KafkaListener(id = "generation-worker", topics = "#{T(com.epchat.topics.Topics).BUDGET_DECISIONS.name()}",
            containerFactory = "decisionListenerFactory")
    void onDecision(ConsumerRecord<String, BudgetDecision> record) {
        BudgetDecision decision = record.value();
        if (decision != null && decision.approved()) {
            runner.run(decision);
        }
    }
}
