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
import java.time.Instant;
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

    public RequestGuard(Usd requestCap, ModelCatalog catalog, PriceList prices) {
        this.requestCap = requestCap;
        this.catalog = catalog;
        this.prices = prices;
    }

    /** The outcome of the request level: the estimate, and a rejection when the request may not go on. */
    public record Check(CostEstimate estimate, BudgetDecision rejection) {

        public boolean passed() {
            return rejection == null;
        }
    }

    public Usd requestCap() {
        return requestCap;
    }

    public Check check(GenerationRequested request, Instant now) {
        Optional<ModelSpec> model = catalog.find(request.model());
        if (model.isEmpty()) {
            return new Check(null, BudgetDecision.reject(request, BudgetLevel.REQUEST, requestCap, null,
                    "unknown model " + request.model(), now));
        }
        CostEstimate estimate = estimate(request, model.get());
        if (request.budgetGuard() && estimate.worstCase().isGreaterThan(requestCap)) {
            return new Check(estimate, BudgetDecision.reject(request, BudgetLevel.REQUEST, requestCap, null,
                    "worst case " + estimate.worstCase() + " exceeds the request budget " + requestCap, now));
        }
        return new Check(estimate, null);
    }

    /** The request level alone, as the guard decided before the windowed levels existed (the benchmark's baseline). */
    public BudgetDecision decide(GenerationRequested request, Instant now) {
        Check check = check(request, now);
        return check.passed()
                ? BudgetDecision.approve(request, check.estimate().worstCase(),
                        requestCap.minus(check.estimate().worstCase()), now)
                : check.rejection();
    }

    public CostEstimate estimate(GenerationRequested request, ModelSpec model) {
        long input = TokenEstimator.tokens(request.messages());
        return CostEstimator.estimate(input, request.maxTokens(), model, prices.forModel(model));
    }
}
