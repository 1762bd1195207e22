package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SecretsTests {

    private static final String KEY = "sk-5f3c9d0e1a2b4c6d8e0f1a2b3c4d5e6f";

    @Test
    void shouldMaskTheKeyInSettingsToString() {
        DeepSeekSettings settings = DeepSeekSettings.of(URI.create("https://api.deepseek.com"), KEY);

        assertThat(settings.toString()).doesNotContain(KEY).doesNotContain("5f3c9d").contains("apiKey=****");
    }

    @Test
    void shouldRedactKeyShapesAndBearerTokensFromExceptionMessages() {
        DeepSeekException e = new DeepSeekException(Kind.UNAUTHORIZED, 401,
                "bad key " + KEY + " sent as Authorization: Bearer abc.def");

        assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("abc.def")
                .isEqualTo("DeepSeek UNAUTHORIZED (HTTP 401): bad key sk-**** sent as Authorization: Bearer ****");
    }

    @Test
    void shouldRedactAnyKeyVerbatimEvenWithoutTheUsualPrefix() {
        assertThat(Secrets.redact("key=my-own-proxy-token!", "my-own-proxy-token")).isEqualTo("key=****!");
    }
}
