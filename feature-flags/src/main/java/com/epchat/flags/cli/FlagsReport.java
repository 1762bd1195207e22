package com.epchat.flags.cli;

import com.epchat.flags.Flag;
import com.epchat.flags.FlagText;
import com.epchat.topics.event.FeatureFlags;

/** {@code ep flags}: one line per flag with the variable of its start value, then who set them. */
final class FlagsReport {

    private FlagsReport() {
    }

    static String table(FeatureFlags flags, String topic) {
        StringBuilder text = new StringBuilder("live flags (" + topic + ")\n");
        for (Flag f : Flag.values()) {
            String note = f.variable() != null ? "start value from " + f.variable()
                    : "true: every request is guarded, nobody may skip the guard";
            text.append(String.format("  %-17s %-15s %s%n", f.key(), f.value(flags), note));
        }
        text.append("set ").append(FlagText.origin(flags)).append('\n');
        text.append("previous: ").append(flags.previous() == null ? "none" : FlagText.describe(flags.previous()))
                .append('\n');
        return text.toString();
    }
}
