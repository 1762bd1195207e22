package com.epchat.worker.generation;

import com.epchat.flags.FlagText;
import com.epchat.pricing.ModelCatalog;
import com.epchat.topics.event.FeatureFlags;
import com.epchat.worker.continuation.ContinuationPolicy;
import java.util.List;

/**
 * The rules a job runs under, taken once when it starts: the models' context (64K or 128K), whether
 * cut-off answers are continued, the cap on its total output, and the live flags they came from. A
 * flag flipped while the job runs applies to the jobs that start after it.
 *
 * @param flags the live flags the rules came from; null when they were fixed at start-up
 */
public record JobRules(ModelCatalog catalog, ContinuationPolicy continuation, int maxOutputTokens,
        FeatureFlags flags) {

    public static JobRules fixed(ModelCatalog catalog, ContinuationPolicy continuation, int maxOutputTokens) {
        return new JobRules(catalog, continuation, maxOutputTokens, null);
    }

    /**
     * What the job's {@code done} event says about its rules: {@code flags at start: … (by … at …)}, and
     * which flags have changed since, if any; null when no live flags applied.
     */
    public String describe(FeatureFlags now) {
        if (flags == null) {
            return null;
        }
        String text = "flags at start: " + FlagText.values(flags) + " (set " + FlagText.origin(flags) + ")";
        List<String> since = now == null ? List.of() : FlagText.diff(flags, now);
        return since.isEmpty() ? text : text + "; changed since: " + String.join(", ", since);
    }
}
