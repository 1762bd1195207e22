package com.epchat.pricing;

import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A model's prices in USD per 1,000 tokens: input served from the provider's context cache,
 * input not in the cache, and output (which includes reasoning tokens).
 */
public record ModelPrice(Usd inputCacheHitPer1K, Usd inputCacheMissPer1K, Usd outputPer1K) {

    public ModelPrice {
        Objects.requireNonNull(inputCacheHitPer1K, "inputCacheHitPer1K");
        Objects.requireNonNull(inputCacheMissPer1K, "inputCacheMissPer1K");
        Objects.requireNonNull(outputPer1K, "outputPer1K");
        if (inputCacheHitPer1K.isNegative() || inputCacheMissPer1K.isNegative() || outputPer1K.isNegative()) {
            throw new IllegalArgumentException("prices must not be negative: " + inputCacheHitPer1K + ", "
                    + inputCacheMissPer1K + ", " + outputPer1K);
        }
    }

    /** What the provider bills for these tokens: exact, no rounding. */
    public Usd cost(TokenUsage usage) {
        return per1K(inputCacheHitPer1K, usage.inputCacheHit())
                .plus(per1K(inputCacheMissPer1K, usage.inputCacheMiss()))
                .plus(per1K(outputPer1K, usage.output()));
    }

    /** Input tokens priced as cache misses: the worst case before a call. */
    public Usd inputWorstCase(long tokens) {
        return per1K(inputCacheMissPer1K, tokens);
    }

    public Usd output(long tokens) {
        return per1K(outputPer1K, tokens);
    }

    private static Usd per1K(Usd price, long tokens) {
        return Usd.of(price.amount().multiply(BigDecimal.valueOf(tokens)).movePointLeft(3));
    }
}
