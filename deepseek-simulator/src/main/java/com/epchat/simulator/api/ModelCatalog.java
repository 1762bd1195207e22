package com.epchat.simulator.api;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The API model ids served right now (changeable at run time, as DeepSeek's are) and each id's limits:
 * {@code deepseek-reasoner} thinks, defaults to 32K and allows 64K max_tokens; every other id is a chat model
 * with 4K default and 8K max.
 */
public final class ModelCatalog {

    public static final String REASONER = "deepseek-reasoner";

    private final AtomicReference<List<String>> ids;

    ModelCatalog(List<String> initial) {
        this.ids = new AtomicReference<>(List.copyOf(initial));
    }

    public List<String> ids() {
        return ids.get();
    }

    public void set(List<String> newIds) {
        ids.set(List.copyOf(newIds));
    }

    public boolean serves(String id) {
        return ids.get().contains(id);
    }

    public static boolean thinks(String id) {
        return REASONER.equals(id);
    }

    public static int defaultMaxTokens(String id) {
        return thinks(id) ? 32_768 : 4_096;
    }

    public static int maxTokens(String id) {
        return thinks(id) ? 65_536 : 8_192;
    }
}
