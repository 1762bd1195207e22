package com.epchat.ingest.generate;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The 402 answer: which level tripped, the estimate, what remains there, and when to retry. */
record BudgetRejection(String error, String level, String reason, Usd estimate, Usd remaining, Instant retryAt,
        String jobId) {

    static ResponseEntity<BudgetRejection> response(BudgetDecision decision, CostEstimate estimate) {
        String level = decision.rejectedAt() == null ? null : decision.rejectedAt().name().toLowerCase();
        var body = new BudgetRejection("budget_exceeded", level, decision.reason(),
                estimate == null ? null : estimate.worstCase(), decision.remaining(), decision.retryAt(),
                decision.jobId());
        // JSON even to a client that accepts only text/event-stream (it asked for a stream)
        var builder = ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).contentType(MediaType.APPLICATION_JSON);
        if (decision.retryAt() != null) {
            long seconds = Math.max(1, Duration.between(Instant.now(), decision.retryAt()).toSeconds());
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return builder.body(body);
    }
}
