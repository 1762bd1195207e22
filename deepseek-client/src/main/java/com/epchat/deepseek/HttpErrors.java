package com.epchat.deepseek;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a non-2xx answer to a {@link DeepSeekException}. In: status, {@code Retry-After} header value,
 * body text (OpenAI-like {@code {"error":{"message",...}}}, possibly after keep-alive blank lines, or
 * anything else a proxy may send). Out: the kind per the provider's error table, the redacted provider
 * message and the server's wait.
 */
final class HttpErrors {

    private static final int MAX_MESSAGE = 500;
    /** DeepSeek says "Model Not Exist"; OpenAI-style servers say "The model `x` does not exist" or model_not_found. */
    private static final Pattern MODEL_MISSING = Pattern.compile(
            "(?is)model\\s*not\\s*exist|model\\b.*\\b(does\\s*not\\s*exist|not\\s*found)|unknown\\s*model|model_not_found");

    private final JsonMapper json;
    private final String apiKey;
    private final Clock clock;

    HttpErrors(JsonMapper json, String apiKey, Clock clock) {
        this.json = json;
        this.apiKey = apiKey;
        this.clock = clock;
    }

    DeepSeekException from(int status, Optional<String> retryAfterHeader, String body) {
        String message = Secrets.redact(providerMessage(body), apiKey);
        return new DeepSeekException(kindOf(status, message), status, message,
                retryAfterHeader.flatMap(this::retryAfter).orElse(null), "", "", null, null);
    }

    static Kind kindOf(int status, String message) {
        return switch (status) {
            case 400, 404 -> message != null && MODEL_MISSING.matcher(message).find()
                    ? Kind.MODEL_NOT_FOUND
                    : status == 400 ? Kind.BAD_REQUEST : Kind.OTHER_HTTP;
            case 401 -> Kind.UNAUTHORIZED;
            case 402 -> Kind.INSUFFICIENT_BALANCE;
            case 422 -> Kind.INVALID_PARAMS;
            case 429 -> Kind.RATE_LIMITED;
            case 500 -> Kind.SERVER_ERROR;
            case 503 -> Kind.OVERLOADED;
            default -> Kind.OTHER_HTTP;
        };
    }

    /** {@code Retry-After} as delta-seconds (integer or decimal) or as an HTTP date. */
    Optional<Duration> retryAfter(String value) {
        String text = value.strip();
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() < 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(seconds.movePointRight(3).longValue()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private String providerMessage(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            return "";
        }
        try {
            JsonNode error = json.readTree(text).path("error");
            String message = error.isObject() ? Payloads.text(error.path("message")) : Payloads.text(error);
            if (message != null) {
                return truncate(message);
            }
        } catch (JacksonException notJson) {
            // a proxy's HTML page or plain text: keep its start
        }
        return truncate(text);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
