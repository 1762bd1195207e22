package com.epchat.topics.event;

import java.time.Instant;

/**
 * The pipeline's live switches, one record on a compacted topic under the key {@value #KEY}: every
 * service instance reads the latest and applies it without a restart. Start values come from the
 * environment ({@code EP_128K_MODE}, {@code EP_AUTO_CONTINUATION}, {@code EP_LONG_OUTPUT_GUARD},
 * {@code PROM_ENABLED}, {@code MODEL_NAME}); {@code budgetGuard} false lets callers allowed to skip the
 * guard do so.
 *
 * @param changedBy who changed them (an operator, {@code ep rollback --emergency}, {@code environment})
 * @param previous the state before this change, so that a restore can return to it; null at start
 */
public record FeatureFlags(
        boolean extendedContext,
        boolean autoContinuation,
        boolean longOutputGuard,
        boolean prometheus,
        String defaultModel,
        boolean budgetGuard,
        String changedBy,
        String reason,
        Instant changedAt,
        FeatureFlags previous) {

    public static final String KEY = "pipeline";
}
