package com.epchat.flags;

import com.epchat.topics.event.FeatureFlags;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes operators make to the live flags, as pure functions: in the current state and who
 * changes it, out the next state, whose {@code previous} is the current state (one level deep, so
 * the record stays small and {@code --restore} toggles between the two).
 */
public final class FlagEdits {

    /** The legacy default model of an emergency rollback. */
    public static final String LEGACY_MODEL = "deepseek-chat";

    /** Who changes the flags, why and when. */
    public record Change(String by, String reason, Instant at) {

        public Change {
            if (by == null || by.isBlank()) {
                throw new IllegalArgumentException("say who changes the flags (--by)");
            }
            reason = reason == null ? "" : reason;
        }
    }

    private FlagEdits() {
    }

    /** {@code NAME=VALUE} edits (key, variable or label names), each value checked; the message names what is wrong. */
    public static FeatureFlags set(FeatureFlags current, List<String> assignments, Change change) {
        Map<Flag, Object> values = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("write each change as NAME=VALUE, not '" + assignment + "'");
            }
            String name = assignment.substring(0, eq).trim();
            Flag flag = Flag.named(name).orElseThrow(() -> new IllegalArgumentException("no flag '" + name
                    + "'; the flags are " + List.of(Flag.values()).stream().map(Flag::key).toList()));
            values.put(flag, flag.parse(name, assignment.substring(eq + 1)));
        }
        FeatureFlags next = current;
        for (Map.Entry<Flag, Object> e : values.entrySet()) {
            next = e.getKey().with(next, e.getValue());
        }
        return stamp(next, current, change);
    }

    /** The legacy pipeline: {@code deepseek-chat}, 64K context, no auto-continuation, budget guard for everyone. */
    public static FeatureFlags emergency(FeatureFlags current, Change change) {
        FeatureFlags legacy = new FeatureFlags(false, false, current.longOutputGuard(), current.prometheus(),
                LEGACY_MODEL, true, null, null, null, null);
        return stamp(legacy, current, change);
    }

    /** Back to the state before the last change. */
    public static FeatureFlags restore(FeatureFlags current, Change change) {
        if (current.previous() == null) {
            throw new IllegalArgumentException("the flags have no previous state to restore (last set "
                    + FlagText.origin(current) + ")");
        }
        return stamp(current.previous(), current, change);
    }

    /** The values of a saved state (a backup's {@code flags.json}). */
    public static FeatureFlags apply(FeatureFlags current, FeatureFlags saved, Change change) {
        problem(saved).ifPresent(p -> {
            throw new IllegalArgumentException("the saved flags are not valid: " + p);
        });
        return stamp(saved, current, change);
    }

    /** What makes a flag record unusable (a record written by hand, say), or empty. */
    public static Optional<String> problem(FeatureFlags flags) {
        if (flags == null) {
            return Optional.of("no flags");
        }
        if (flags.defaultModel() == null || !Flag.MODELS.contains(flags.defaultModel())) {
            return Optional.of("defaultModel must be one of " + Flag.MODELS + ", was '" + flags.defaultModel() + "'");
        }
        return Optional.empty();
    }

    /** {@code values} stamped with the change, {@code current} (without its own history) as previous. */
    static FeatureFlags stamp(FeatureFlags values, FeatureFlags current, Change change) {
        return new FeatureFlags(values.extendedContext(), values.autoContinuation(), values.longOutputGuard(),
                values.prometheus(), values.defaultModel(), values.budgetGuard(), change.by(), change.reason(),
                change.at(), current == null ? null : withoutHistory(current));
    }

    public static FeatureFlags withoutHistory(FeatureFlags f) {
        return new FeatureFlags(f.extendedContext(), f.autoContinuation(), f.longOutputGuard(), f.prometheus(),
                f.defaultModel(), f.budgetGuard(), f.changedBy(), f.reason(), f.changedAt(), null);
    }
}
