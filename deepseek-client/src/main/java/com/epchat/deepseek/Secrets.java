package com.epchat.deepseek;

import java.util.regex.Pattern;

/**
 * Keeps the API key out of text that may be logged: masks it for {@code toString()} and redacts it (and
 * anything shaped like a key or a bearer token) from provider messages, which may echo the key back.
 */
final class Secrets {

    static final String MASK = "****";
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");
    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{4,}");
    /** Shorter keys are not replaced verbatim: replacing e.g. every "x" would garble the message. */
    private static final int MIN_VERBATIM_LENGTH = 6;

    private Secrets() {
    }

    static String mask(String apiKey) {
        return apiKey == null || apiKey.isEmpty() ? "<none>" : MASK;
    }

    /** Removes the given key verbatim plus generic key/bearer shapes. */
    static String redact(String text, String apiKey) {
        if (text == null) {
            return null;
        }
        String result = text;
        if (apiKey != null && apiKey.length() >= MIN_VERBATIM_LENGTH) {
            result = result.replace(apiKey, MASK);
        }
        return redact(result);
    }

    /** Removes generic key/bearer shapes (used where the key itself is not known). */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = BEARER.matcher(text).replaceAll("$1" + MASK);
        return KEY_LIKE.matcher(result).replaceAll("sk-" + MASK);
    }
}
