package com.epchat.deepseek;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DeepSeekClient} reaches the provider.
 *
 * <p>In: the base URL ({@code https://api.deepseek.com}, a {@code /v1} suffix is accepted), the API key,
 * a connect timeout, an idle timeout (the longest silence allowed between two {@code data:} lines; SSE
 * comments such as {@code : keep-alive} and blank lines do not count as data, so a request stuck in the
 * provider's queue still times out), an overall per-call timeout and the {@link RetryPolicy} offered by
 * {@link RetryingCaller}. {@link #toString()} masks the key so the settings can be logged.
 */
public record DeepSeekSettings(URI baseUrl, String apiKey, Duration connectTimeout, Duration idleTimeout,
                               Duration callTimeout, RetryPolicy retry) {

    public DeepSeekSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("baseUrl must be http(s): " + baseUrl);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(callTimeout, "callTimeout");
        retry = retry == null ? RetryPolicy.defaults() : retry;
    }

    /**
     * Defaults: connect 10 s; idle 90 s (the provider may queue a request for minutes sending only
     * keep-alives, and a wait we give up on is retryable); overall 30 min (a 64K-token reasoner answer).
     */
    public static DeepSeekSettings of(URI baseUrl, String apiKey) {
        return new DeepSeekSettings(baseUrl, apiKey, Duration.ofSeconds(10), Duration.ofSeconds(90),
                Duration.ofMinutes(30), RetryPolicy.defaults());
    }

    public DeepSeekSettings withBaseUrl(URI value) {
        return new DeepSeekSettings(value, apiKey, connectTimeout, idleTimeout, callTimeout, retry);
    }

    public DeepSeekSettings withApiKey(String value) {
        return new DeepSeekSettings(baseUrl, value, connectTimeout, idleTimeout, callTimeout, retry);
    }

    public DeepSeekSettings withConnectTimeout(Duration value) {
        return new DeepSeekSettings(baseUrl, apiKey, value, idleTimeout, callTimeout, retry);
    }

    public DeepSeekSettings withIdleTimeout(Duration value) {
        return new DeepSeekSettings(baseUrl, apiKey, connectTimeout, value, callTimeout, retry);
    }

    public DeepSeekSettings withCallTimeout(Duration value) {
        return new DeepSeekSettings(baseUrl, apiKey, connectTimeout, idleTimeout, value, retry);
    }

    public DeepSeekSettings withRetry(RetryPolicy value) {
        return new DeepSeekSettings(baseUrl, apiKey, connectTimeout, idleTimeout, callTimeout, value);
    }

    @Override
    public String toString() {
        return "DeepSeekSettings[baseUrl=" + baseUrl + ", apiKey=" + Secrets.mask(apiKey)
                + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout
                + ", callTimeout=" + callTimeout + ", retry=" + retry + "]";
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
