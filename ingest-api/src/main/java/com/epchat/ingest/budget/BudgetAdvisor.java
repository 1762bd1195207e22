package com.epchat.ingest.budget;

import com.epchat.pricing.CostEstimator;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.PriceList;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the budget-state view for answers that write nothing: the headroom of each level for a user
 * now, and the largest {@code maxTokens} that would fit it. The view follows budget-streams within a
 * commit interval or so, which is right for advice; the decision itself is always budget-streams'.
 */
public class BudgetAdvisor {

    static final String SITE = "site";

    private final BudgetStateView view;
    private final BudgetGuardProperties limits;
    private final ModelCatalog catalog;
    private final PriceList prices;
    private final Clock clock;

    public BudgetAdvisor(BudgetStateView view, BudgetGuardProperties limits, ModelCatalog catalog, PriceList prices,
            Clock clock) {
        this.view = view;
        this.limits = limits;
        this.catalog = catalog;
        this.prices = prices;
        this.clock = clock;
    }

    public Headroom headroom(String userId) {
        Instant now = clock.instant();
        Optional<BudgetState> day = view.current(BudgetLevel.USER_DAILY, userId, now);
        Optional<BudgetState> hour = view.current(BudgetLevel.SITE_HOURLY, SITE, now);
        return new Headroom(limits.requestCap(),
                day.map(BudgetState::remaining).orElse(limits.userDailyLimit()).max(Usd.ZERO),
                day.map(BudgetState::windowEnd).orElse(null),
                hour.map(BudgetState::remaining).orElse(limits.siteHourlyLimit()).max(Usd.ZERO),
                hour.map(BudgetState::windowEnd).orElse(null));
    }

    /** What remains of the site's current hour. */
    public Usd siteRemaining() {
        return view.current(BudgetLevel.SITE_HOURLY, SITE, clock.instant()).map(BudgetState::remaining)
                .orElse(limits.siteHourlyLimit()).max(Usd.ZERO);
    }

    /** The largest output of {@code model} after {@code inputTokens} of prompt that fits {@code headroom}. */
    public int maxAffordableOutput(ModelSpec model, long inputTokens, Headroom headroom) {
        return CostEstimator.maxAffordableOutput(inputTokens, headroom.tightest(), model, prices.forModel(model));
    }

    /** For a 402: the largest {@code maxTokens} the same prompt would be served with now. */
    public int maxTokensThatFit(GenerationRequested request, BudgetDecision rejection) {
        ModelSpec model = catalog.find(request.model()).orElse(null);
        if (model == null || request.estimate() == null) {
            return 0;
        }
        Headroom headroom = headroom(request.userId());
        if (rejection.rejectedAt() != null && rejection.remaining() != null) {
            headroom = headroom.with(rejection.rejectedAt(), rejection.remaining());
        }
        return maxAffordableOutput(model, request.estimate().inputTokens(), headroom);
    }
}
