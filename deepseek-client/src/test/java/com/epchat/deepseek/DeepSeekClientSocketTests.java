package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Transport behaviour against a bare socket server: deadlines are enforced and the connection is really
 * closed (seen from the server side), whatever the server does.
 */
class DeepSeekClientSocketTests {

    private static final ChatRequest REQUEST =
            new ChatRequest("deepseek-chat", List.of(ChatMessage.user("hi")), 50);

    @Test
    void shouldCloseAStalledStreamWhoseOnlyTrafficIsKeepAlives() throws Exception {
        try (RawSseServer server = new RawSseServer((socket, out) -> {
            RawSseServer.writeSseHead(out);
            RawSseServer.writeChunk(out, RawSseServer.contentChunk("Hello"));
            // comments only from now on, until the client hangs up
            RawSseServer.repeat(Duration.ofMillis(100), () -> RawSseServer.writeChunk(out, ": keep-alive\n\n"));
        })) {
            DeepSeekClient client = client(server, Duration.ofMillis(700), Duration.ofSeconds(20));
            long start = System.nanoTime();

            assertThatExceptionOfType(DeepSeekException.class)
                    .isThrownBy(() -> client.stream(REQUEST, StreamListener.ignoring()))
                    .satisfies(e -> {
                        assertThat(e.kind()).isEqualTo(Kind.STALLED);
                        assertThat(e.partialContent()).isEqualTo("Hello");
                    });

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(5)).until(server.clientClosed::isDone);
        }
    }

    @Test
    void shouldTimeOutOverallEvenWhileDataKeepsFlowing() throws Exception {
        try (RawSseServer server = new RawSseServer((socket, out) -> {
            RawSseServer.writeSseHead(out);
            RawSseServer.repeat(Duration.ofMillis(50), () -> RawSseServer.writeChunk(out, RawSseServer.contentChunk("x")));
        })) {
            DeepSeekClient client = client(server, Duration.ofSeconds(1), Duration.ofMillis(1200));

            assertThatExceptionOfType(DeepSeekException.class)
                    .isThrownBy(() -> client.stream(REQUEST, StreamListener.ignoring()))
                    .satisfies(e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.partialContent()).startsWith("xxx");
                    });
            await().atMost(Duration.ofSeconds(5)).until(server.clientClosed::isDone);
        }
    }

    @Test
    void shouldStallAndHangUpWhenTheServerNeverAnswers() throws Exception {
        try (RawSseServer server = new RawSseServer((socket, out) -> RawSseServer.awaitClientClose(socket))) {
            DeepSeekClient client = client(server, Duration.ofMillis(600), Duration.ofSeconds(20));

            assertThatExceptionOfType(DeepSeekException.class)
                    .isThrownBy(() -> client.stream(REQUEST, StreamListener.ignoring()))
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.STALLED));
            await().atMost(Duration.ofSeconds(5)).until(server.clientClosed::isDone);
        }
    }

    @Test
    void shouldReportDisconnectedWithPartialContentWhenTheBodyBreaks() throws Exception {
        CountDownLatch clientHasTheFirstDelta = new CountDownLatch(1);
        try (RawSseServer server = new RawSseServer((socket, out) -> {
            RawSseServer.writeSseHead(out);
            RawSseServer.writeChunk(out, RawSseServer.contentChunk("Hal"));
            // break the body only once the client is reading it: a reset that overtakes the response
            // head is a failure before any answer (IO), which is another test's case
            clientHasTheFirstDelta.await(10, TimeUnit.SECONDS);
            out.write("40\r\ndata: {\"choi".getBytes()); // a chunk cut in the middle, then a hard close
            out.flush();
            socket.setSoLinger(true, 0);
        })) {
            DeepSeekClient client = client(server, Duration.ofSeconds(5), Duration.ofSeconds(20));

            assertThatExceptionOfType(DeepSeekException.class)
                    .isThrownBy(() -> client.stream(REQUEST, text -> clientHasTheFirstDelta.countDown()))
                    .satisfies(e -> {
                        assertThat(e.kind()).isEqualTo(Kind.DISCONNECTED);
                        assertThat(e.partialContent()).isEqualTo("Hal");
                    });
        }
    }

    private static DeepSeekClient client(RawSseServer server, Duration idle, Duration overall) {
        return new DeepSeekClient(DeepSeekSettings.of(server.baseUrl(), "sk-socket-test-key")
                .withIdleTimeout(idle).withCallTimeout(overall));
    }
}
