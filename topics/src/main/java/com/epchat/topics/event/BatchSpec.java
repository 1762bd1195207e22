package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * What the caller asked of a batch as a whole, fixed at submission.
 *
 * @param total the valid items the batch holds (lines refused with {@code allowInvalidLines} are not
 *     counted)
 * @param invalidLines lines left out because they were invalid (0 unless the caller allowed that)
 * @param maxCost the batch's own spending cap (actual cost plus what running items may still cost never
 *     exceeds it); null for none
 * @param onBudgetReject what an item rejected by the budget guard does
 * @param expiresAt the end of the completion window: unfinished items then end as {@code batch_expired}
 * @param idempotencyKey the caller's {@code Idempotency-Key}, null when none was sent
 */
public record BatchSpec(
        int total,
        int invalidLines,
        Usd maxCost,
        OnBudgetReject onBudgetReject,
        Instant createdAt,
        Instant expiresAt,
        String idempotencyKey) {

    /** What happens to an item the budget guard rejects. */
    public enum OnBudgetReject {
        /** it ends at once with a {@code budget_rejected} error */
        FAIL,
        /** it waits until the window that rejected it resets, then is tried again (within the expiry) */
        WAIT
    }
}
