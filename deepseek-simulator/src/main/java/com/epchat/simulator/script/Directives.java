package com.epchat.simulator.script;

import com.epchat.simulator.SimMessage;
import com.epchat.simulator.faults.FaultSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [[sim:key=value,...]]} directives found in the user messages of a conversation.
 * <p>
 * In: messages. Out: the fixed answer length ({@code tokens}), per-request token rate ({@code tps}), first-token
 * delay ({@code ttft_ms}) and fault ({@code fault} with {@code after}, {@code times}, {@code retry_after}); each
 * {@code null} when absent. Several directives may appear; later keys win. Unknown keys or bad values throw
 * {@link IllegalArgumentException} (the server answers 400) so a typo never silently does nothing.
 */
public record Directives(Integer tokens, Double tokensPerSecond, Long firstTokenDelayMs, FaultSpec fault) {

    public static final int MAX_TOKENS = 200_000;

    private static final Pattern DIRECTIVE = Pattern.compile("\\[\\[sim:([^\\]]*)]]");
    private static final List<String> FAULT_KEYS = List.of("fault", "after", "times", "retry_after", "retry-after");

    public static Directives parse(List<SimMessage> messages) {
        Map<String, String> values = new HashMap<>();
        for (SimMessage message : messages) {
            if (!"user".equals(message.role())) {
                continue;
            }
            Matcher matcher = DIRECTIVE.matcher(message.content());
            while (matcher.find()) {
                for (String pair : matcher.group(1).split(",")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("sim directive entry '" + pair.trim() + "' is not key=value");
                    }
                    values.put(pair.substring(0, eq).trim().toLowerCase(), pair.substring(eq + 1).trim());
                }
            }
        }
        return fromValues(values);
    }

    private static Directives fromValues(Map<String, String> values) {
        Map<String, String> faultValues = new HashMap<>();
        for (String key : values.keySet()) {
            if (FAULT_KEYS.contains(key)) {
                faultValues.put(key, values.get(key));
            } else if (!List.of("tokens", "tps", "ttft_ms").contains(key)) {
                throw new IllegalArgumentException("unknown sim directive '" + key + "'");
            }
        }
        if (!faultValues.isEmpty() && !faultValues.containsKey("fault")) {
            throw new IllegalArgumentException("sim directive after/times/retry_after needs fault=<name>");
        }
        Integer tokens = values.containsKey("tokens") ? parseTokens(values.get("tokens")) : null;
        Double tps = values.containsKey("tps") ? parseDouble("tps", values.get("tps")) : null;
        Long ttft = values.containsKey("ttft_ms") ? parseMillis(values.get("ttft_ms")) : null;
        FaultSpec fault = faultValues.isEmpty() ? null : FaultSpec.of(faultValues.remove("fault"), faultValues);
        return new Directives(tokens, tps, ttft, fault);
    }

    private static int parseTokens(String raw) {
        try {
            int tokens = Integer.parseInt(raw);
            if (tokens >= 1 && tokens <= MAX_TOKENS) {
                return tokens;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException("sim directive tokens must be an integer in 1.." + MAX_TOKENS);
    }

    private static double parseDouble(String key, String raw) {
        try {
            double value = Double.parseDouble(raw);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("sim directive " + key + " must be a number");
    }

    private static long parseMillis(String raw) {
        try {
            long millis = Long.parseLong(raw);
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("sim directive ttft_ms must be a non-negative integer");
    }
}
