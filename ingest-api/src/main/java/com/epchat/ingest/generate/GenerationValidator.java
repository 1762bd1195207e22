package com.epchat.ingest.generate;

import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.pricing.CostEstimator;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.PriceList;
import com.epchat.pricing.TokenEstimator;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks a {@link GenerateRequest} field by field and turns it into the {@link GenerationRequested}
 * event, with its cost estimate. Any fault is an {@link InvalidRequestException} naming the field;
 * nothing is published for an invalid request.
 */
public final class GenerationValidator {

    /** What a userId may look like: the preflight checks it the same way. */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@:-]{1,64}");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final int MAX_PROMPT_CHARS = 1_000_000;

    /**
     * What the live flags decide for a request: the models and their context (64K or 128K), the model
     * of a request that names none, and whether every request is guarded ({@code enableBudgetGuard:
     * false} then changes nothing).
     */
    public record Rules(ModelCatalog catalog, String defaultModel, boolean guardEveryRequest) {
    }

    private final Supplier<Rules> rules;
    private final PriceList prices;
    private final int defaultMaxTokens;
    private final Clock clock;

    public GenerationValidator(ModelCatalog catalog, PriceList prices, String defaultModel, int defaultMaxTokens,
            Clock clock) {
        this(fixed(new Rules(catalog, defaultModel, false)), prices, defaultMaxTokens, clock);
    }

    /** @param rules the rules in force now (the live flags), read once per request */
    public GenerationValidator(Supplier<Rules> rules, PriceList prices, int defaultMaxTokens, Clock clock) {
        this.rules = rules;
        this.prices = prices;
        this.defaultMaxTokens = defaultMaxTokens;
        this.clock = clock;
    }

    /** The request as an event; the job belongs to {@code callerUserId} unless the body names a user. */
    public GenerationRequested validate(GenerateRequest body, Lane lane, String callerUserId) {
        if (body == null) {
            throw new InvalidRequestException("body", "send a JSON object with a prompt");
        }
        String userId = body.userId() == null ? callerUserId : body.userId();
        if (!USER_ID.matcher(userId).matches()) {
            throw new InvalidRequestException("userId",
                    "userId must be 1-64 characters of letters, digits and . _ @ : -");
        }
        Rules now = rules.get();
        ModelCatalog catalog = now.catalog();
        String modelName = body.model() == null ? now.defaultModel() : body.model();
        ModelSpec model = catalog.find(modelName).orElseThrow(() -> new InvalidRequestException("model",
                "unknown model '" + modelName + "'; known models: " + catalog.names()));
        List<ChatMessage> messages = messages(body);
        long inputTokens = TokenEstimator.tokens(messages);
        int maxTokens = maxTokens(body.maxTokens(), inputTokens, model);
        var estimate = CostEstimator.estimate(inputTokens, maxTokens, model, prices.forApiModel(model.apiModels().get(0)));
        boolean guard = now.guardEveryRequest() || body.enableBudgetGuard() == null || body.enableBudgetGuard();
        return new GenerationRequested(UUID.randomUUID().toString(), userId, model.name(), messages, maxTokens, guard,
                lane, estimate, clock.instant());
    }

    private static List<ChatMessage> messages(GenerateRequest body) {
        if (body.prompt() != null && body.messages() != null) {
            throw new InvalidRequestException("prompt", "send either prompt or messages, not both");
        }
        if (body.messages() == null) {
            if (body.prompt() == null || body.prompt().isBlank()) {
                throw new InvalidRequestException("prompt", "prompt is required and must not be blank");
            }
            requireSize("prompt", body.prompt());
            return List.of(ChatMessage.user(body.prompt()));
        }
        if (body.messages().isEmpty()) {
            throw new InvalidRequestException("messages", "messages must hold at least one message");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < body.messages().size(); i++) {
            GenerateRequest.Message m = body.messages().get(i);
            String field = "messages[" + i + "]";
            if (m == null || m.role() == null || !ROLES.contains(m.role())) {
                throw new InvalidRequestException(field + ".role", "role must be one of " + ROLES);
            }
            if (m.content() == null || m.content().isBlank()) {
                throw new InvalidRequestException(field + ".content", "content must not be blank");
            }
            requireSize(field + ".content", m.content());
            messages.add(new ChatMessage(m.role(), m.content()));
        }
        if (!"user".equals(messages.get(messages.size() - 1).role())) {
            throw new InvalidRequestException("messages", "the last message must be the user's");
        }
        return List.copyOf(messages);
    }

    private int maxTokens(Integer requested, long inputTokens, ModelSpec model) {
        int maxTokens = requested == null ? Math.min(defaultMaxTokens, model.outputCapPerCall()) : requested;
        if (maxTokens <= 0) {
            throw new InvalidRequestException("maxTokens", "maxTokens must be a positive number of tokens");
        }
        if (inputTokens + maxTokens > model.contextWindow()) {
            throw new InvalidRequestException("maxTokens", "maxTokens " + maxTokens + " plus about " + inputTokens
                    + " prompt tokens exceeds the " + model.contextWindow() + "-token context of " + model.name());
        }
        return maxTokens;
    }

    private static void requireSize(String field, String text) {
        if (text.length() > MAX_PROMPT_CHARS) {
            throw new InvalidRequestException(field, field + " is longer than " + MAX_PROMPT_CHARS + " characters");
        }
    }

    private static Supplier<Rules> fixed(Rules rules) {
        return () -> rules;
    }
}
