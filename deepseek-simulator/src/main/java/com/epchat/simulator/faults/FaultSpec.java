package com.epchat.simulator.faults;

import java.util.HashMap;
import java.util.Map;

/**
 * One requested fault with its parameters, parsed from the {@code X-Sim-Fault} header
 * ({@code <fault>[;after=N][;times=K][;retry-after=S]}) or from a {@code [[sim:fault=...]]} directive.
 *
 * @param fault             what goes wrong
 * @param after             tokens emitted before a mid-stream fault (default 5)
 * @param times             how many requests of the same conversation get the fault; {@code null} = every one
 * @param retryAfterSeconds the {@code Retry-After} of a {@code rate_limit} fault (default 1)
 */
public record FaultSpec(Fault fault, int after, Integer times, int retryAfterSeconds) {

    public static final int DEFAULT_AFTER = 5;
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    public FaultSpec {
        if (after < 0 || retryAfterSeconds < 0 || (times != null && times < 1)) {
            throw new IllegalArgumentException("sim fault needs after >= 0, times >= 1, retry_after >= 0");
        }
    }

    /** Parses {@code rate_limit;times=1;retry-after=2}. */
    public static FaultSpec parseHeader(String header) {
        String[] parts = header.split(";");
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                continue;
            }
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("X-Sim-Fault parameter '" + parts[i].trim() + "' is not key=value");
            }
            params.put(parts[i].substring(0, eq).trim().toLowerCase(), parts[i].substring(eq + 1).trim());
        }
        return of(parts[0], params);
    }

    /** Builds a spec from a fault name and {@code after}, {@code times}, {@code retry_after}/{@code retry-after}. */
    public static FaultSpec of(String name, Map<String, String> params) {
        Map<String, String> rest = new HashMap<>(params);
        Integer after = integer(rest.remove("after"), "after");
        Integer times = integer(rest.remove("times"), "times");
        Integer retryAfter = integer(rest.remove("retry_after"), "retry_after");
        Integer retryAfterDash = integer(rest.remove("retry-after"), "retry-after");
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown sim fault parameter(s) " + rest.keySet());
        }
        Integer retry = retryAfter != null ? retryAfter : retryAfterDash;
        return new FaultSpec(Fault.byName(name), after != null ? after : DEFAULT_AFTER, times,
                retry != null ? retry : DEFAULT_RETRY_AFTER_SECONDS);
    }

    private static Integer integer(String raw, String name) {
        if (raw == null) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sim fault parameter " + name + " must be an integer");
        }
    }
}
