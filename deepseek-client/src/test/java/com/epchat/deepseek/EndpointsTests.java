package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTests {

    @Test
    void shouldUseTheBaseForChatAndModelsAndTheRootForBetaAndBalance() {
        Endpoints plain = Endpoints.of(URI.create("https://api.deepseek.com/"));
        Endpoints v1 = Endpoints.of(URI.create("https://api.deepseek.com/v1"));

        assertThat(plain.chatCompletions(false)).hasToString("https://api.deepseek.com/chat/completions");
        assertThat(plain.chatCompletions(true)).hasToString("https://api.deepseek.com/beta/chat/completions");
        assertThat(plain.models()).hasToString("https://api.deepseek.com/models");
        assertThat(plain.balance()).hasToString("https://api.deepseek.com/user/balance");
        assertThat(v1.chatCompletions(false)).hasToString("https://api.deepseek.com/v1/chat/completions");
        assertThat(v1.chatCompletions(true)).hasToString("https://api.deepseek.com/beta/chat/completions");
        assertThat(v1.balance()).hasToString("https://api.deepseek.com/user/balance");
    }

    @Test
    void shouldNotDoubleABetaBase() {
        Endpoints beta = Endpoints.of(URI.create("http://localhost:8089/beta/"));

        assertThat(beta.chatCompletions(true)).hasToString("http://localhost:8089/beta/chat/completions");
        assertThat(beta.balance()).hasToString("http://localhost:8089/user/balance");
    }
}
