package com.epchat.pricing;

import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.money.Usd;

/**
 * The worst case of a generation before it runs. A job that wants {@code maxTokens} of output from a
 * model that writes at most {@code cap} per call needs {@code rounds = ceil(maxTokens / cap)} calls;
 * round {@code i} (from 0) re-sends the prompt and the {@code i * cap} tokens written so far. The
 * worst case prices every round's input as a cache miss and adds all the output:
 *
 * <pre>
 * worstCase = Σ_{i=0}^{rounds-1} (input + i·cap) · inMiss/1000  +  maxTokens · out/1000
 * </pre>
 *
 * The same formula gives the worst case of the next continuation round, and the largest output that
 * fits a budget.
 */
public final class CostEstimator {

    private CostEstimator() {
    }

    public static CostEstimate estimate(long inputTokens, int maxTokens, ModelSpec model, ModelPrice price) {
        int cap = model.outputCapPerCall();
        int rounds = rounds(maxTokens, cap);
        return new CostEstimate(inputTokens, maxTokens, rounds, cap, worstCase(inputTokens, maxTokens, cap, price));
    }

    public static int rounds(long outputTokens, int cap) {
        return (int) Math.max(1, (outputTokens + cap - 1) / cap);
    }

    /** Worst case of producing {@code outputTokens} after a context of {@code contextTokens}. */
    public static Usd worstCase(long contextTokens, long outputTokens, int cap, ModelPrice price) {
        long rounds = rounds(outputTokens, cap);
        // Σ (context + i·cap) for i in [0, rounds) = rounds·context + cap·rounds·(rounds-1)/2
        long inputTokens = rounds * contextTokens + cap * rounds * (rounds - 1) / 2;
        return price.inputWorstCase(inputTokens).plus(price.output(outputTokens));
    }

    /**
     * The largest output of {@code model} whose worst case after {@code inputTokens} of prompt fits
     * {@code budget} and the context window, or 0 when nothing fits (a budget of zero or less included):
     * what a 402 and the preflight offer as the {@code maxTokens} that would be served now.
     */
    public static int maxAffordableOutput(long inputTokens, Usd budget, ModelSpec model, ModelPrice price) {
        if (budget.isNegative() || budget.isZero()) {
            return 0;
        }
        return maxAffordableOutput(inputTokens, budget, model.outputRoom(inputTokens), model.outputCapPerCall(), price);
    }

    /**
     * The largest output whose worst case after {@code inputTokens} of prompt fits {@code budget}, or 0.
     * The worst case grows with the output, so a binary search over [0, limit] finds it.
     */
    public static int maxAffordableOutput(long inputTokens, Usd budget, int limit, int cap, ModelPrice price) {
        int low = 0;
        int high = limit;
        while (low < high) {
            int mid = low + (high - low + 1) / 2;
            if (worstCase(inputTokens, mid, cap, price).isGreaterThan(budget)) {
                high = mid - 1;
            } else {
                low = mid;
            }
        }
        return low;
    }
}
