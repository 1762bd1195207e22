package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PayloadsTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldSendPrefixOnlyOnTheContinuedAssistantMessage() {
        ChatRequest request = new ChatRequest("deepseek-chat",
                List.of(ChatMessage.user("Write"), ChatMessage.assistantPrefix("Once upon")), 100);

        String body = new String(Payloads.chatBody(json, request), StandardCharsets.UTF_8);

        assertThat(request.usesPrefixCompletion()).isTrue();
        assertThat(body).isEqualTo("{\"model\":\"deepseek-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Write\"},"
                + "{\"role\":\"assistant\",\"content\":\"Once upon\",\"prefix\":true}],\"max_tokens\":100,\"stream\":true}");
    }

    @Test
    void shouldLeaveMaxTokensToTheProviderWhenNotPositive() {
        ChatRequest request = new ChatRequest("deepseek-chat", List.of(ChatMessage.assistant("a"),
                new ChatMessage("user", "b", false)), 0);

        String body = new String(Payloads.chatBody(json, request), StandardCharsets.UTF_8);

        assertThat(request.usesPrefixCompletion()).isFalse();
        assertThat(body).isEqualTo("{\"model\":\"deepseek-chat\",\"messages\":[{\"role\":\"assistant\",\"content\":\"a\"},"
                + "{\"role\":\"user\",\"content\":\"b\"}],\"stream\":true}");
    }

    @Test
    void shouldReadBalanceAmountsExactlyFromStrings() {
        Balance balance = Payloads.balance(json.readTree("{\"is_available\":true,\"balance_infos\":[{\"currency\":\"USD\","
                + "\"total_balance\":\"110.10\",\"granted_balance\":\"10.00\",\"topped_up_balance\":\"100.10\"}]}"));

        assertThat(balance).isEqualTo(new Balance(true, List.of(new Balance.CurrencyBalance("USD",
                new BigDecimal("110.10"), new BigDecimal("10.00"), new BigDecimal("100.10")))));
    }

    @Test
    void shouldListModelIds() {
        assertThat(Payloads.modelIds(json.readTree("{\"object\":\"list\",\"data\":[{\"id\":\"deepseek-chat\","
                + "\"object\":\"model\",\"owned_by\":\"deepseek\"},{\"id\":\"deepseek-reasoner\"}]}")))
                .containsExactly("deepseek-chat", "deepseek-reasoner");
    }

    @Test
    void shouldTreatPromptTokensWithoutCacheSplitAsMisses() {
        assertThat(Payloads.usage(json.readTree("{\"prompt_tokens\":9,\"completion_tokens\":3}")))
                .isEqualTo(new Usage(9, 0, 9, 3, 0));
    }
}
