package com.epchat.worker.flags;

import com.epchat.flags.FlagWatcher;
import com.epchat.pricing.ModelCatalog;
import com.epchat.topics.event.FeatureFlags;
import com.epchat.worker.continuation.ContinuationPolicy;
import com.epchat.worker.generation.JobRules;
import java.util.function.Supplier;

/**
 * The rules the live flags give a job that starts now: every model held to 64K unless
 * {@code extendedContext} ({@code MODEL_CTX} otherwise), continuation as {@code autoContinuation} says,
 * total output capped at {@code EP_MAX_OUTPUT_TOKENS} while {@code longOutputGuard} is on. Built once
 * per flag state, so a job start costs a volatile read.
 */
public final class LiveJobRules implements Supplier<JobRules> {

    private final FlagWatcher watcher;
    private final ModelCatalog extended;
    private final ModelCatalog legacy;
    private final int maxOutputTokens;
    private volatile JobRules cached;

    /**
     * @param contextWindow {@code MODEL_CTX}
     * @param maxOutputTokens {@code EP_MAX_OUTPUT_TOKENS}, the cap while the long-output guard is on
     */
    public LiveJobRules(FlagWatcher watcher, int contextWindow, int maxOutputTokens) {
        this.watcher = watcher;
        this.extended = ModelCatalog.defaults(contextWindow, true);
        this.legacy = ModelCatalog.defaults(contextWindow, false);
        this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public JobRules get() {
        FeatureFlags flags = watcher.current();
        JobRules rules = cached;
        if (rules == null || rules.flags() != flags) {
            rules = new JobRules(flags.extendedContext() ? extended : legacy,
                    new ContinuationPolicy(flags.autoContinuation()),
                    flags.longOutputGuard() ? maxOutputTokens : Integer.MAX_VALUE, flags);
            cached = rules;
        }
        return rules;
    }
}
