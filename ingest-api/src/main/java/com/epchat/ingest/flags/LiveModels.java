package com.epchat.ingest.flags;

import com.epchat.flags.FlagWatcher;
import com.epchat.ingest.generate.GenerationValidator;
import com.epchat.pricing.ModelCatalog;
import com.epchat.topics.event.FeatureFlags;
import java.util.function.Supplier;

/**
 * What the live flags decide for a request now: every model held to 64K unless {@code extendedContext}
 * ({@code MODEL_CTX} otherwise), the default model, and whether every request is guarded
 * ({@code budgetGuard}). Validation and the estimate read it once per request; it is rebuilt only
 * when the flags change.
 */
public final class LiveModels implements Supplier<GenerationValidator.Rules> {

    private final FlagWatcher watcher;
    private final ModelCatalog extended;
    private final ModelCatalog legacy;
    private volatile Snapshot cached;

    private record Snapshot(FeatureFlags flags, GenerationValidator.Rules rules) {
    }

    /** @param contextWindow {@code MODEL_CTX} */
    public LiveModels(FlagWatcher watcher, int contextWindow) {
        this.watcher = watcher;
        this.extended = ModelCatalog.defaults(contextWindow, true);
        this.legacy = ModelCatalog.defaults(contextWindow, false);
    }

    @Override
    public GenerationValidator.Rules get() {
        FeatureFlags flags = watcher.current();
        Snapshot snapshot = cached;
        if (snapshot == null || snapshot.flags() != flags) {
            snapshot = new Snapshot(flags, new GenerationValidator.Rules(flags.extendedContext() ? extended : legacy,
                    flags.defaultModel(), flags.budgetGuard()));
            cached = snapshot;
        }
        return snapshot.rules();
    }

    public FeatureFlags flags() {
        return watcher.current();
    }
}
