package com.epchat.flags;

import com.epchat.topics.event.FeatureFlags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Flags as text for logs, the {@code ep} command and a job's final event. */
public final class FlagText {

    private FlagText() {
    }

    /** {@code extendedContext=true autoContinuation=false … budgetGuard=false}. */
    public static String values(FeatureFlags flags) {
        return Arrays.stream(Flag.values()).map(f -> f.key() + "=" + f.value(flags)).collect(Collectors.joining(" "));
    }

    /** The values and where they came from: {@code … (by alice at 2025-01-01T10:00:00Z: incident 42)}. */
    public static String describe(FeatureFlags flags) {
        return values(flags) + " (" + origin(flags) + ")";
    }

    public static String origin(FeatureFlags flags) {
        String reason = flags.reason() == null || flags.reason().isBlank() ? "" : ": " + flags.reason();
        return "by " + flags.changedBy() + " at " + flags.changedAt() + reason;
    }

    /** The flags whose values differ, as {@code autoContinuation true -> false}; empty when none does. */
    public static List<String> diff(FeatureFlags before, FeatureFlags after) {
        List<String> changes = new ArrayList<>();
        for (Flag f : Flag.values()) {
            Object was = before == null ? null : f.value(before);
            Object now = f.value(after);
            if (!now.equals(was)) {
                changes.add(f.key() + " " + (was == null ? "(unset)" : was) + " -> " + now);
            }
        }
        return changes;
    }
}
