package com.epchat.pricing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The logical models clients may ask for. The defaults follow DeepSeek's published limits: the chat
 * model writes at most 8K tokens per call, the reasoner 64K (thinking included); the V3.1 models hold
 * 128K of context ({@code MODEL_CTX}), 64K when {@code EP_128K_MODE} is off.
 */
public final class ModelCatalog {

    public static final int LEGACY_CONTEXT = 65_536;

    /** The largest context the served models hold (DeepSeek V3.1: 128K); {@code MODEL_CTX} may not exceed it. */
    public static final int MAX_CONTEXT = 131_072;

    private final Map<String, ModelSpec> models;

    public ModelCatalog(List<ModelSpec> models) {
        Map<String, ModelSpec> byName = new LinkedHashMap<>();
        models.forEach(m -> byName.put(m.name(), m));
        this.models = Map.copyOf(byName);
    }

    /**
     * @param contextWindow {@code MODEL_CTX}, the window of the V3.1 models
     * @param extendedContext {@code EP_128K_MODE}: when false, every model is held to 64K
     */
    public static ModelCatalog defaults(int contextWindow, boolean extendedContext) {
        int context = extendedContext ? contextWindow : Math.min(contextWindow, LEGACY_CONTEXT);
        return new ModelCatalog(List.of(
                new ModelSpec("deepseek-v3.1", List.of("deepseek-chat"), context, 8_192, false),
                new ModelSpec("deepseek-chat", List.of("deepseek-chat"), context, 8_192, false),
                new ModelSpec("deepseek-reasoner", List.of("deepseek-reasoner", "deepseek-chat"), context, 65_536,
                        true)));
    }

    public Optional<ModelSpec> find(String name) {
        return Optional.ofNullable(name).map(models::get);
    }

    public Set<String> names() {
        return models.keySet();
    }
}
