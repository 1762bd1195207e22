package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * budget-streams' answer to a {@link GenerationRequested}: approved with a reservation of the
 * worst case, or rejected at a level. Carries the request so the worker needs no other lookup.
 *
 * @param rejectedAt the level that tripped; null when approved
 * @param reserved what the approval reserved (zero when rejected)
 * @param remaining what is left at the tripping level (or at the tightest level when approved)
 * @param retryAt when the tripping window resets; null when approved or rejected per request
 */
public record BudgetDecision(
        String jobId,
        String userId,
        boolean approved,
        BudgetLevel rejectedAt,
        Usd reserved,
        Usd remaining,
        Instant retryAt,
        String reason,
        GenerationRequested request,
        Instant decidedAt) {

    public static BudgetDecision approve(GenerationRequested request, Usd reserved, Usd remaining, Instant decidedAt) {
        return new BudgetDecision(request.jobId(), request.userId(), true, null, reserved, remaining, null,
                "approved", request, decidedAt);
    }

    public static BudgetDecision reject(GenerationRequested request, BudgetLevel level, Usd remaining,
            Instant retryAt, String reason, Instant decidedAt) {
        return new BudgetDecision(request.jobId(), request.userId(), false, level, Usd.ZERO, remaining, retryAt,
                reason, request, decidedAt);
    }
}
