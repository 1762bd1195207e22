package com.epchat.pricing;

import com.epchat.topics.money.Usd;
import java.math.BigDecimal;

/**
 * The deployment guide's model and price variables, as every service binds them:
 * {@code MODEL_CTX}, {@code EP_128K_MODE}, {@code PRICE_IN_PER_1K}, {@code PRICE_IN_CACHE_HIT_PER_1K},
 * {@code PRICE_OUT_PER_1K}. A nonsense value refuses to start, naming the variable.
 *
 * @param extendedContext {@code EP_128K_MODE}: {@code enabled}/{@code true}/{@code on}, or
 *     {@code disabled}/{@code false}/{@code off}
 * @param priceInCacheHitPer1K empty means the same as the cache-miss price (never cheaper by assumption)
 */
public record PricingSettings(int contextWindow, String extendedContext, BigDecimal priceInPer1K,
        BigDecimal priceInCacheHitPer1K, BigDecimal priceOutPer1K) {

    public PricingSettings {
        if (contextWindow < 4_096 || contextWindow > ModelCatalog.MAX_CONTEXT) {
            throw new IllegalArgumentException("MODEL_CTX must be between 4096 and " + ModelCatalog.MAX_CONTEXT
                    + " tokens (the models' context window), was " + contextWindow);
        }
        Flags.parse("EP_128K_MODE", extendedContext);
        requireNonNegative("PRICE_IN_PER_1K", priceInPer1K);
        requireNonNegative("PRICE_OUT_PER_1K", priceOutPer1K);
        if (priceInCacheHitPer1K != null) {
            requireNonNegative("PRICE_IN_CACHE_HIT_PER_1K", priceInCacheHitPer1K);
        }
    }

    public boolean extendedContextEnabled() {
        return Flags.parse("EP_128K_MODE", extendedContext);
    }

    public ModelCatalog catalog() {
        return ModelCatalog.defaults(contextWindow, extendedContextEnabled());
    }

    public PriceList prices() {
        BigDecimal hit = priceInCacheHitPer1K == null ? priceInPer1K : priceInCacheHitPer1K;
        return PriceList.uniform(new ModelPrice(Usd.of(hit), Usd.of(priceInPer1K), Usd.of(priceOutPer1K)));
    }

    private static void requireNonNegative(String variable, BigDecimal value) {
        if (value == null || value.signum() < 0) {
            throw new IllegalArgumentException(variable + " must be a price of zero or more, was " + value);
        }
    }
}
