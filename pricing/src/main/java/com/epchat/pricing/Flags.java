package com.epchat.pricing;

import java.util.Locale;
import java.util.Set;

/** Reads the deployment guide's switches, which come as {@code enabled}, {@code true} or {@code on}. */
public final class Flags {

    private static final Set<String> ON = Set.of("enabled", "true", "on", "yes", "1");
    private static final Set<String> OFF = Set.of("disabled", "false", "off", "no", "0");

    private Flags() {
    }

    public static boolean parse(String variable, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (ON.contains(v)) {
            return true;
        }
        if (OFF.contains(v)) {
            return false;
        }
        throw new IllegalArgumentException(variable + " must be enabled/disabled (or true/false, on/off), was '"
                + value + "'");
    }
}
