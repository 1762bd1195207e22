package com.epchat.worker.continuation;

import com.epchat.pricing.CostEstimator;
import com.epchat.pricing.ModelPrice;
import com.epchat.topics.money.Usd;

/**
 * Decides, after a call ended with {@code finish_reason: length}, whether another round may run.
 * It may when auto-continuation is on, the job wants more output, and the next round's worst case
 * (the whole context so far priced as a cache miss, plus a full round of output) fits in what the
 * job's reservation has left. A job therefore never spends more than its reservation.
 */
public final class ContinuationPolicy {

    /** The verdict and, when it is no, the finish reason the client sees. */
    public record Verdict(boolean proceed, String finishReason) {
    }

    private final boolean enabled;

    public ContinuationPolicy(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param contextTokens the prompt plus the output so far: what the next round re-sends
     * @param remainingOutput the output the job still wants
     */
    public Verdict afterLength(long contextTokens, long remainingOutput, int cap, Usd reserved, Usd spent,
            ModelPrice price) {
        if (remainingOutput <= 0) {
            return new Verdict(false, "length");
        }
        if (!enabled) {
            return new Verdict(false, "length");
        }
        long nextOutput = Math.min(cap, remainingOutput);
        Usd nextWorstCase = CostEstimator.worstCase(contextTokens, nextOutput, cap, price);
        if (spent.plus(nextWorstCase).isGreaterThan(reserved)) {
            return new Verdict(false, "budget");
        }
        return new Verdict(true, null);
    }
}
