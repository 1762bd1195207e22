package com.epchat.budget.guard;

import com.epchat.pricing.CostEstimator;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.PriceList;
import com.epchat.pricing.TokenEstimator;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.time.Clock;
import java.util.Optional;

/**
 * The per-request level: a job whose worst case exceeds {@code BUDGET_REQ_USD} is rejected. The
 * estimate is recomputed here from the request itself with the shared pricing library, so the
 * guard does not depend on what the publisher claimed.
 */
public final class RequestGuard {

    private final Usd requestCap;
    private final ModelCatalog catalog;
    private final PriceList prices;
    private final Clock clock;

    public RequestGuard(Usd requestCap, ModelCatalog catalog, PriceList prices, Clock clock) {
        this.requestCap = requestCap;
        this.catalog = catalog;
        this.prices = prices;
        this.clock = clock;
    }

    public BudgetDecision decide(GenerationRequested request) {
        Optional<ModelSpec> model = catalog.find(request.model());
        if (model.isEmpty()) {
            return BudgetDecision.reject(request, BudgetLevel.REQUEST, requestCap, null,
                    "unknown model " + request.model(), clock.instant());
        }
        CostEstimate estimate = estimate(request, model.get());
        if (request.budgetGuard() && estimate.worstCase().isGreaterThan(requestCap)) {
            return BudgetDecision.reject(request, BudgetLevel.REQUEST, requestCap, null,
                    "worst case " + estimate.worstCase() + " exceeds the request budget " + requestCap,
                    clock.instant());
        }
        return BudgetDecision.approve(request, estimate.worstCase(), requestCap.minus(estimate.worstCase()),
                clock.instant());
    }

    public CostEstimate estimate(GenerationRequested request, ModelSpec model) {
        long input = TokenEstimator.tokens(request.messages());
        return CostEstimator.estimate(input, request.maxTokens(), model,
                prices.forApiModel(model.apiModels().get(0)));
    }
}
