package com.epchat.deepseek;

import static com.epchat.deepseek.SimConversations.chat;
import static com.epchat.deepseek.SimConversations.sim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.epchat.deepseek.DeepSeekException.Kind;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorScript;
import com.epchat.simulator.SimulatorStats;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The happy paths and wire quirks of streaming, against a real {@link DeepSeekSimulator}. */
class DeepSeekClientStreamingIntegrationTests {

    private static DeepSeekSimulator simulator;
    private static DeepSeekClient client;

    @BeforeAll
    static void startSimulator() {
        simulator = SimConversations.startSimulator();
        client = new DeepSeekClient(SimConversations.settings(simulator));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void shouldStreamExactlyTheScriptedAnswer() throws Exception {
        ChatRequest request = chat("deepseek-chat", 100, ChatMessage.user("Say something short [[sim:tokens=12]]"));
        StringBuilder streamed = new StringBuilder();

        Completion completion = client.stream(request, streamed::append);

        String expected = SimulatorScript.fullAnswer(sim(request));
        assertThat(completion.content()).isEqualTo(expected);
        assertThat(streamed).hasToString(expected);
        assertThat(completion.apiModel()).isEqualTo("deepseek-chat");
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(completion.reasoning()).isEmpty();
    }

    @Test
    void shouldReportUsageWithCacheHitsAndMissesAsTheSimulatorBilledIt() throws Exception {
        ChatRequest request = chat("deepseek-chat", 100, ChatMessage.system(SimConversations.LONG_SYSTEM_PROMPT),
                ChatMessage.user("Usage check [[sim:tokens=9]]"));
        long prompt = SimulatorScript.promptTokens(sim(request));

        Usage first = client.stream(request, StreamListener.ignoring()).usage();
        SimulatorStats before = simulator.stats();
        Usage repeat = client.stream(request, StreamListener.ignoring()).usage();
        SimulatorStats after = simulator.stats();

        assertThat(first).isEqualTo(new Usage(prompt, 0, prompt, 9, 0));
        long hit = prompt / 64 * 64;
        assertThat(hit).isPositive();
        assertThat(repeat).isEqualTo(new Usage(prompt, hit, prompt - hit, 9, 0));
        assertThat(new Usage(after.promptTokens() - before.promptTokens(),
                after.promptCacheHitTokens() - before.promptCacheHitTokens(),
                after.promptCacheMissTokens() - before.promptCacheMissTokens(),
                after.completionTokens() - before.completionTokens(), 0)).isEqualTo(repeat);
    }

    @Test
    void shouldKeepReasoningApartFromContent() throws Exception {
        ChatRequest request = chat("deepseek-reasoner", 400, ChatMessage.user("Think first [[sim:tokens=10]]"));
        List<String> order = new ArrayList<>();

        Completion completion = client.stream(request, new StreamListener() {
            @Override
            public void onContent(String text) {
                order.add("content");
            }

            @Override
            public void onReasoning(String text) {
                order.add("reasoning");
            }
        });

        assertThat(completion.reasoning()).isEqualTo(SimulatorScript.fullReasoning(sim(request)));
        assertThat(completion.content()).isEqualTo(SimulatorScript.fullAnswer(sim(request)));
        assertThat(order.indexOf("content")).isEqualTo(order.lastIndexOf("reasoning") + 1);
        assertThat(completion.usage().reasoningTokens()).isEqualTo(SimulatorScript.reasoningTokensFor(400));
        assertThat(completion.usage().completionTokens()).isEqualTo(10 + SimulatorScript.reasoningTokensFor(400));
    }

    @Test
    void shouldStopWithLengthAtMaxTokens() throws Exception {
        ChatRequest request = chat("deepseek-chat", 10, ChatMessage.user("A longer one [[sim:tokens=30]]"));

        Completion completion = client.stream(request, StreamListener.ignoring());

        List<String> tokens = SimulatorScript.answerTokens(sim(request));
        assertThat(completion.cutOff()).isTrue();
        assertThat(completion.content()).isEqualTo(String.join("", tokens.subList(0, 10)));
        assertThat(completion.usage().completionTokens()).isEqualTo(10);
    }

    @Test
    void shouldContinueExactlyWithPrefixCompletionThroughTheBetaBaseOfAV1Url() throws Exception {
        DeepSeekClient viaV1 = new DeepSeekClient(SimConversations.settings(simulator)
                .withBaseUrl(URI.create(simulator.baseUrl() + "/v1/")));
        ChatMessage question = ChatMessage.user("Tell a story [[sim:tokens=25]]");
        Completion first = viaV1.stream(chat("deepseek-chat", 10, question), StreamListener.ignoring());

        ChatRequest continuation = chat("deepseek-chat", 100, question, ChatMessage.assistantPrefix(first.content()));
        Completion rest = viaV1.stream(continuation, StreamListener.ignoring());

        assertThat(first.finishReason()).isEqualTo("length");
        assertThat(rest.finishReason()).isEqualTo("stop");
        assertThat(first.content() + rest.content()).isEqualTo(SimulatorScript.fullAnswer(sim(continuation)));
    }

    @Test
    void shouldNotCountKeepAlivesAsProgressBeforeTheFirstToken() {
        // keep-alives arrive every 100 ms, far inside the 1 s idle timeout: only if they do not count as
        // progress can the call stall before the first token, which comes after 3 s
        DeepSeekClient impatient = new DeepSeekClient(SimConversations.settings(simulator)
                .withIdleTimeout(Duration.ofSeconds(1)));
        ChatRequest request = chat("deepseek-chat", 50, ChatMessage.user("Queued [[sim:tokens=5,ttft_ms=3000]]"));
        long start = System.nanoTime();

        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> impatient.stream(request, StreamListener.ignoring()))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.STALLED);
                    assertThat(e.partialContent()).isEmpty();
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofSeconds(1), Duration.ofMillis(2500));
    }

    @Test
    void shouldReadAStreamThatStartsWithKeepAlives() throws Exception {
        ChatRequest request = chat("deepseek-chat", 50, ChatMessage.user("Queued briefly [[sim:tokens=6,ttft_ms=700]]"));

        Completion completion = client.stream(request, StreamListener.ignoring());

        assertThat(completion.content()).isEqualTo(SimulatorScript.fullAnswer(sim(request)));
    }

    @Test
    void shouldListTheModelsServedNowAndReadTheBalanceExactly() throws Exception {
        List<String> original = simulator.models();
        try {
            simulator.setModels(List.of("deepseek-v4-flash", "deepseek-v4-pro"));

            assertThat(client.listModels()).containsExactly("deepseek-v4-flash", "deepseek-v4-pro");
        } finally {
            simulator.setModels(original);
        }
        assertThat(client.balance()).isEqualTo(new Balance(true, List.of(new Balance.CurrencyBalance("USD",
                new BigDecimal("110.00"), new BigDecimal("10.00"), new BigDecimal("100.00")))));
    }
}
