package com.epchat.pricing;

import java.util.Map;

/**
 * Prices per API model id, with a default for ids not listed. Prices are configuration
 * ({@code PRICE_IN_PER_1K}, {@code PRICE_OUT_PER_1K}, {@code PRICE_IN_CACHE_HIT_PER_1K}), never constants.
 */
public record PriceList(ModelPrice defaultPrice, Map<String, ModelPrice> byApiModel) {

    public PriceList {
        byApiModel = Map.copyOf(byApiModel);
    }

    public static PriceList uniform(ModelPrice price) {
        return new PriceList(price, Map.of());
    }

    /** What an estimate for this logical model is priced at: its primary API model's price. */
    public ModelPrice forModel(ModelSpec model) {
        return forApiModel(model.primaryApiModel());
    }

    public ModelPrice forApiModel(String apiModel) {
        return byApiModel.getOrDefault(apiModel, defaultPrice);
    }
}
