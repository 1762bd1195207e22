package com.epchat.simulator.api;

import com.epchat.simulator.SimulatorSettings;
import com.epchat.simulator.faults.FaultLedger;
import com.epchat.simulator.usage.PromptCache;
import com.epchat.simulator.usage.UsageCounters;

/**
 * The mutable state of one running simulator, shared by its HTTP handlers and its Java handle
 * ({@link com.epchat.simulator.DeepSeekSimulator}): settings, served models, context cache, fault counters and
 * billing counters. Registered as a singleton bean before the context refreshes.
 */
public final class SimulatorRuntime {

    private final SimulatorSettings settings;
    private final ModelCatalog models;
    private final PromptCache promptCache = new PromptCache();
    private final FaultLedger faultLedger = new FaultLedger();
    private final UsageCounters counters = new UsageCounters();

    public SimulatorRuntime(SimulatorSettings settings) {
        this.settings = settings;
        this.models = new ModelCatalog(settings.models());
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public ModelCatalog models() {
        return models;
    }

    public PromptCache promptCache() {
        return promptCache;
    }

    public FaultLedger faultLedger() {
        return faultLedger;
    }

    public UsageCounters counters() {
        return counters;
    }
}
