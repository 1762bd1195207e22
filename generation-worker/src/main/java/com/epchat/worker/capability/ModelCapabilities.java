package com.epchat.worker.capability;

import java.util.Map;

/**
 * What one API model can do, as far as the worker knows: its context window, the largest
 * {@code max_tokens} one call may ask for, whether chat prefix completion ({@code /beta}) continues
 * its answers, and whether it thinks aloud ({@code reasoning_content}).
 */
public record ModelCapabilities(String apiModel, int contextWindow, int outputCapPerCall, boolean prefixCompletion,
        boolean reasoning) {

    /** DeepSeek's published limits for the ids it serves; an id not listed gets the cautious default. */
    private static final Map<String, ModelCapabilities> KNOWN = Map.of(
            "deepseek-chat", new ModelCapabilities("deepseek-chat", 131_072, 8_192, true, false),
            "deepseek-reasoner", new ModelCapabilities("deepseek-reasoner", 131_072, 65_536, true, true));

    public static ModelCapabilities of(String apiModel) {
        ModelCapabilities known = KNOWN.get(apiModel);
        return known != null ? known : new ModelCapabilities(apiModel, 65_536, 4_096, false, false);
    }

    public ModelCapabilities withOutputCap(int cap) {
        return new ModelCapabilities(apiModel, contextWindow, cap, prefixCompletion, reasoning);
    }

    public ModelCapabilities withoutPrefixCompletion() {
        return new ModelCapabilities(apiModel, contextWindow, outputCapPerCall, false, reasoning);
    }
}
