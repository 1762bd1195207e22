package com.epchat.ingest.batches;

import com.epchat.ingest.web.InvalidRequestException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch's completion window as a caller writes it: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d},
 * or ISO-8601 ({@code PT1H}, {@code P1D}); between {@code BATCH_MIN_COMPLETION_WINDOW} (1 minute by
 * default) and 7 days.
 */
final class CompletionWindow {

    static final Duration MIN = Duration.ofMinutes(1);
    static final Duration SHORTEST_ALLOWED_MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofDays(7);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    private CompletionWindow() {
    }

    /** The window, or a 400 naming {@code completionWindow}. */
    static Duration parse(String text, Duration min) {
        Duration window = toDuration(text == null ? "" : text.trim());
        if (outOfRange(window, min)) {
            throw new InvalidRequestException("completionWindow", "completionWindow must be between "
                    + describe(min) + " and 7 days, was '" + text + "'");
        }
        return window;
    }

    static boolean outOfRange(Duration window, Duration min) {
        return window.compareTo(min) < 0 || window.compareTo(MAX) > 0;
    }

    private static String describe(Duration d) {
        return d.toSecondsPart() == 0 && d.toMinutes() == 1 ? "1 minute" : d.toString();
    }

    private static Duration toDuration(String text) {
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("completionWindow",
                    "completionWindow must look like 30m, 24h, 7d or PT1H, was '" + text + "'");
        }
    }
}
