package com.epchat.ingest.generate;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.money.Usd;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The 402 answer: the level that tripped ({@code request}, {@code user_daily}, {@code site_hourly}), the
 * request's worst-case estimate, what remains at that level, the largest {@code maxTokens} the same
 * prompt would be served with now (0: none until the window resets), and, for the windowed levels,
 * when the window resets, also as a {@code Retry-After} header in seconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BudgetRejection(String error, String level, String reason, Usd estimate, Usd remaining, int maxTokens,
        Instant retryAt, Long retryAfterSeconds, String jobId) {

    static ResponseEntity<BudgetRejection> response(BudgetDecision decision, CostEstimate estimate, int maxTokens) {
        String level = decision.rejectedAt() == null ? null : decision.rejectedAt().name().toLowerCase();
        Long seconds = decision.retryAt() == null ? null
                // Retry-After is whole seconds; round up so that a retry never comes before the reset
                : Math.max(1, (Duration.between(Instant.now(), decision.retryAt()).toMillis() + 999) / 1000);
        var body = new BudgetRejection("budget_exceeded", level, decision.reason(),
                estimate == null ? null : estimate.worstCase(), decision.remaining(), maxTokens, decision.retryAt(),
                seconds, decision.jobId());
        // JSON even to a client that accepts only text/event-stream (it asked for a stream)
        var builder = ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).contentType(MediaType.APPLICATION_JSON);
        if (seconds != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return builder.body(body);
    }
}
