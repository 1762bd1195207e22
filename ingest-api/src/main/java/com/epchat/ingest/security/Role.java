package com.epchat.ingest.security;

import java.util.Locale;

/**
 * What an API key may do. {@code user}: submit jobs, read and cancel its own; {@code finance}: also
 * the cost report and site-wide figures; {@code admin}: also any user's jobs, and submitting on a
 * user's behalf (a trusted back-end that serves many end users).
 */
public enum Role {
    USER,
    FINANCE,
    ADMIN;

    /** The role as written in key entries: {@code user}, {@code finance}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority, for {@code hasRole("FINANCE")} rules. */
    public String authority() {
        return "ROLE_" + name();
    }

    static Role parse(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "' (user, finance or admin)");
    }
}
