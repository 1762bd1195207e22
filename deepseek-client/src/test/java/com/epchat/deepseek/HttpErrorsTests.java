package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HttpErrorsTests {

    private static final String KEY = "sk-unit-VISIBLE-KEY-0042";
    private final HttpErrors errors = new HttpErrors(JsonMapper.builder().build(), KEY,
            Clock.fixed(Instant.parse("2025-09-01T10:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({
            "400, Invalid request body, BAD_REQUEST, false",
            "400, Model Not Exist, MODEL_NOT_FOUND, false",
            "400, The model `deepseek-v9` does not exist, MODEL_NOT_FOUND, false",
            "401, Authentication Fails, UNAUTHORIZED, false",
            "402, Insufficient Balance, INSUFFICIENT_BALANCE, false",
            "422, Invalid max_tokens value, INVALID_PARAMS, false",
            "429, Rate Limit Reached, RATE_LIMITED, true",
            "500, Server Error, SERVER_ERROR, true",
            "503, Server Overloaded, OVERLOADED, true",
            "502, Bad Gateway, OTHER_HTTP, true",
            "418, teapot, OTHER_HTTP, false"})
    void shouldMapEachStatusToItsKindAndRetryability(int status, String message, Kind kind, boolean retryable) {
        DeepSeekException e = errors.from(status, Optional.empty(), errorBody(message));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.providerMessage()).isEqualTo(message);
        assertThat(e.getMessage()).contains(message).contains(kind.name());
    }

    @Test
    void shouldReadTheErrorAfterKeepAliveBlankLinesAndToleratePlainText() {
        assertThat(errors.from(500, Optional.empty(), "\n\n" + errorBody("boom")).providerMessage()).isEqualTo("boom");
        assertThat(errors.from(502, Optional.empty(), "<html>bad gateway</html>").providerMessage())
                .isEqualTo("<html>bad gateway</html>");
        assertThat(errors.from(503, Optional.empty(), "").kind()).isEqualTo(Kind.OVERLOADED);
    }

    @Test
    void shouldParseRetryAfterAsSecondsOrHttpDate() {
        assertThat(errors.from(429, Optional.of("7"), errorBody("x")).retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(errors.retryAfter("1.5")).contains(Duration.ofMillis(1500));
        assertThat(errors.retryAfter("Mon, 01 Sep 2025 10:00:30 GMT")).contains(Duration.ofSeconds(30));
        assertThat(errors.retryAfter("soon")).isEmpty();
        assertThat(errors.from(429, Optional.empty(), errorBody("x")).retryAfter()).isEmpty();
    }

    @Test
    void shouldRedactTheApiKeyWhenTheProviderEchoesIt() {
        DeepSeekException e = errors.from(401, Optional.empty(),
                errorBody("Authentication Fails, Your api key: " + KEY + " is invalid"));

        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
        assertThat(e.providerMessage()).doesNotContain(KEY);
        assertThat(e.toString()).doesNotContain(KEY);
    }

    private static String errorBody(String message) {
        return "{\"error\":{\"message\":\"" + message
                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"x\"}}";
    }
}
