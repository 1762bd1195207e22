package com.epchat.ingest.budget;

import com.epchat.ingest.config.IngestProperties;
import com.epchat.ingest.generate.GenerationValidator;
import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.pricing.CostEstimator;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.PriceList;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.CostEstimate;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/preflight} {@code {model, inputTokens, targetOutputTokens, userId}}: the worst case of
 * such a job, each level's headroom from the budget-state view, whether it would be served now and the
 * largest output that would. Writes nothing, reserves nothing. Bad input is a 400 naming the field.
 */
@RestController
class PreflightController {

    private final BudgetAdvisor advisor;
    private final ModelCatalog catalog;
    private final PriceList prices;

    PreflightController(BudgetAdvisor advisor, IngestProperties properties) {
        this.advisor = advisor;
        this.catalog = properties.pricing().catalog();
        this.prices = properties.pricing().prices();
    }

    @PostMapping(path = "/api/preflight", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreflightAnswer preflight(@RequestBody PreflightRequest body) {
        if (body == null) {
            throw new InvalidRequestException("body", "send a JSON object with model, inputTokens, "
                    + "targetOutputTokens and userId");
        }
        if (body.userId() == null || !GenerationValidator.USER_ID.matcher(body.userId()).matches()) {
            throw new InvalidRequestException("userId", "userId is required: 1-64 characters of letters, digits "
                    + "and . _ @ : -");
        }
        ModelSpec model = catalog.find(body.model()).orElseThrow(() -> new InvalidRequestException("model",
                "unknown model '" + body.model() + "'; known models: " + catalog.names()));
        long input = tokens("inputTokens", body.inputTokens(), model.contextWindow() - 1L, model);
        long output = tokens("targetOutputTokens", body.targetOutputTokens(), model.contextWindow() - input, model);

        CostEstimate estimate = CostEstimator.estimate(input, (int) output, model, prices.forModel(model));
        Headroom headroom = advisor.headroom(body.userId());
        BudgetLevel tripped = headroom.tripped(estimate.worstCase());
        return new PreflightAnswer(tripped == null, model.name(), input, output, estimate.worstCase(),
                estimate.rounds(), estimate.outputCapPerRound(), headroom.byLevel(),
                advisor.maxAffordableOutput(model, input, headroom),
                tripped == null ? null : tripped.name().toLowerCase(), resetsAt(tripped, headroom));
    }

    private static long tokens(String field, Long value, long max, ModelSpec model) {
        if (value == null) {
            throw new InvalidRequestException(field, field + " is required: a number of tokens");
        }
        if (value <= 0 || value > max) {
            throw new InvalidRequestException(field, field + " must be from 1 to " + max + " tokens: the "
                    + model.contextWindow() + "-token context of " + model.name() + " holds prompt and output");
        }
        return value;
    }

    private static Instant resetsAt(BudgetLevel tripped, Headroom headroom) {
        if (tripped == BudgetLevel.USER_DAILY) {
            return headroom.userResetsAt();
        }
        return tripped == BudgetLevel.SITE_HOURLY ? headroom.siteResetsAt() : null;
    }
}
