package com.epchat.pricing;

import java.util.List;

/**
 * A logical model as clients name it ({@code deepseek-v3.1}), with the API model ids that may serve
 * it, in order of preference, and the limits the estimate and the worker work within.
 *
 * @param contextWindow tokens of input plus output one call may hold
 * @param outputCapPerCall the largest {@code max_tokens} one call may ask for
 */
public record ModelSpec(String name, List<String> apiModels, int contextWindow, int outputCapPerCall,
        boolean reasoning) {

    public ModelSpec {
        apiModels = List.copyOf(apiModels);
        if (apiModels.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no API model to serve it");
        }
        if (contextWindow <= 0 || outputCapPerCall <= 0 || outputCapPerCall > contextWindow) {
            throw new IllegalArgumentException("model " + name + ": context " + contextWindow
                    + " and output cap per call " + outputCapPerCall + " make no sense");
        }
    }

    /** The API model the estimate is priced at: the first of the chain, the one a job asks for first. */
    public String primaryApiModel() {
        return apiModels.get(0);
    }

    /** The largest output a prompt of {@code inputTokens} leaves room for in one context window. */
    public int outputRoom(long inputTokens) {
        return (int) Math.max(0, contextWindow - inputTokens);
    }

    public ModelSpec withContextWindow(int tokens) {
        return new ModelSpec(name, apiModels, tokens, Math.min(outputCapPerCall, tokens), reasoning);
    }
}
