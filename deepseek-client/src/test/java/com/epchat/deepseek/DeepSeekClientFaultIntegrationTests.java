package com.epchat.deepseek;

import static com.epchat.deepseek.SimConversations.chat;
import static com.epchat.deepseek.SimConversations.sim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.epchat.deepseek.DeepSeekException.Kind;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorScript;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every provider failure the simulator can inject, mapped to its kind, partial result and retry behaviour. */
class DeepSeekClientFaultIntegrationTests {

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

    @ParameterizedTest
    @CsvSource({
            "rate_limit, RATE_LIMITED, 429, true",
            "server_error, SERVER_ERROR, 500, true",
            "overloaded, OVERLOADED, 503, true",
            "bad_request, BAD_REQUEST, 400, false",
            "unauthorized, UNAUTHORIZED, 401, false",
            "insufficient_balance, INSUFFICIENT_BALANCE, 402, false",
            "invalid_params, INVALID_PARAMS, 422, false"})
    void shouldMapEachErrorFaultToItsKind(String fault, Kind kind, int status, boolean retryable) {
        ChatRequest request = chat("deepseek-chat", 50, ChatMessage.user("Fault " + fault + " [[sim:fault=" + fault + "]]"));

        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> client.stream(request, StreamListener.ignoring()))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.retryable()).isEqualTo(retryable);
                    assertThat(e.providerMessage()).isNotBlank();
                });
    }

    @Test
    void shouldRecogniseAnUnknownModelAndMaxTokensOverTheModelLimit() {
        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> client.stream(chat("deepseek-v9", 50, ChatMessage.user("hi")), StreamListener.ignoring()))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND))
                .satisfies(e -> assertThat(e.retryable()).isFalse());
        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> client.stream(chat("deepseek-chat", 1_000_000, ChatMessage.user("hi")),
                        StreamListener.ignoring()))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_PARAMS));
    }

    @Test
    void shouldWaitRetryAfterThenSucceedWhenRateLimitedOnce() throws Exception {
        ChatRequest request = chat("deepseek-chat", 50,
                ChatMessage.user("Busy hour [[sim:tokens=4,fault=rate_limit,times=1,retry_after=2]]"));
        List<Duration> waits = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        RetryingCaller caller = new RetryingCaller(RetryPolicy.defaults(), waits::add, () -> 0.5);

        Completion completion = caller.call(() -> {
            attempts.incrementAndGet();
            return client.stream(request, StreamListener.ignoring());
        });

        assertThat(completion.content()).isEqualTo(SimulatorScript.fullAnswer(sim(request)));
        assertThat(attempts).hasValue(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void shouldNotRetryABadRequest() {
        long requestsBefore = simulator.stats().requests();
        RetryingCaller caller = new RetryingCaller(RetryPolicy.defaults(), d -> { }, () -> 0.5);
        ChatRequest request = chat("deepseek-chat", 50, ChatMessage.user("Broken [[sim:fault=bad_request]]"));

        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> caller.call(() -> client.stream(request, StreamListener.ignoring())))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST));
        assertThat(simulator.stats().requests() - requestsBefore).isEqualTo(1);
    }

    @Test
    void shouldReportAStallWithinTheIdleTimeoutWithThePartialContent() {
        DeepSeekClient watchful = new DeepSeekClient(SimConversations.settings(simulator)
                .withIdleTimeout(Duration.ofMillis(800)));
        ChatRequest request = chat("deepseek-chat", 50, ChatMessage.user("Stall [[sim:tokens=20,fault=stall,after=5]]"));
        StringBuilder streamed = new StringBuilder();
        long start = System.nanoTime();

        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> watchful.stream(request, streamed::append))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.STALLED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.partialContent()).isEqualTo(firstTokens(request, 5)).isEqualTo(streamed.toString());
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800), Duration.ofMillis(2800));
    }

    @Test
    void shouldReportADisconnectWithThePartialContent() {
        ChatRequest request = chat("deepseek-chat", 50, ChatMessage.user("Cut [[sim:tokens=20,fault=disconnect,after=7]]"));

        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> client.stream(request, StreamListener.ignoring()))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.DISCONNECTED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.partialContent()).isEqualTo(firstTokens(request, 7));
                });
    }

    @Test
    void shouldReportInsufficientResourcesWithUsageAndPartialContent() {
        ChatRequest request = chat("deepseek-chat", 50,
                ChatMessage.user("Busy GPUs [[sim:tokens=20,fault=insufficient_resources,after=6]]"));
        long prompt = SimulatorScript.promptTokens(sim(request));

        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> client.stream(request, StreamListener.ignoring()))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INSUFFICIENT_RESOURCES);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.partialContent()).isEqualTo(firstTokens(request, 6));
                    assertThat(e.usage()).isEqualTo(new Usage(prompt, 0, prompt, 6, 0));
                });
    }

    @Test
    void shouldNeverRevealTheApiKeyOfARejectedCall() {
        String fakeKey = "sk-FAKE-recognisable-key-7f3a9c";
        DeepSeekClient wrongKey = new DeepSeekClient(SimConversations.settings(simulator).withRetry(RetryPolicy.none())
                .withApiKey(fakeKey));
        List<DeepSeekException> failures = new ArrayList<>();

        for (RetryingCaller.Attempt<?> call : List.<RetryingCaller.Attempt<?>>of(
                () -> wrongKey.stream(chat("deepseek-chat", 50, ChatMessage.user("hi")), StreamListener.ignoring()),
                wrongKey::listModels, wrongKey::balance)) {
            assertThatExceptionOfType(DeepSeekException.class).isThrownBy(call::run).satisfies(failures::add);
        }

        assertThat(failures).extracting(DeepSeekException::kind).containsOnly(Kind.UNAUTHORIZED);
        assertThat(failures).allSatisfy(e -> assertThat(e.getMessage() + e.providerMessage() + stackTrace(e))
                .doesNotContain(fakeKey).doesNotContain("7f3a9c"));
        assertThat(wrongKey.settings().toString()).doesNotContain(fakeKey);
    }

    private static String firstTokens(ChatRequest request, int count) {
        return String.join("", SimulatorScript.answerTokens(sim(request)).subList(0, count));
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
