package com.epchat.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorScript;
import com.epchat.testsupport.SseTestClient;
import com.epchat.testsupport.SseTestClient.Event;
import java.net.URI;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * SSE through a real nginx with the deployment's config, in front of the whole pipeline: each chunk
 * reaches the client as the simulator emits it (arrival times spread over the stream at the token
 * rate), not in a burst at the end, also for a client that accepts gzip as browsers do. The same
 * measurement through an nginx that buffers and compresses event streams shows the burst, so the
 * check can tell the two apart.
 */
class NginxStreamingIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int TOKENS = 40;
    static final int TOKENS_PER_SECOND = 20;
    /** From the first token to the last at the simulator's rate. */
    static final Duration EMITTING = Duration.ofMillis((TOKENS - 1) * 1_000L / TOKENS_PER_SECOND);

    static LocalStack stack;
    static RealNginx nginx;
    static RealNginx misconfigured;
    final SseTestClient sse = new SseTestClient();

    @BeforeAll
    static void start() throws Exception {
        stack = SharedPipeline.stack();
        nginx = RealNginx.start(stack.ingestPort(), conf -> conf);
        // what the config guards against: buffered and compressed, gzip holds bytes back until its buffer fills
        misconfigured = RealNginx.start(stack.ingestPort(), conf -> conf
                .replace("proxy_buffering off;", "proxy_buffering on; proxy_ignore_headers X-Accel-Buffering;")
                .replace("gzip off;", "gzip on; gzip_types text/event-stream;"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {misconfigured, nginx}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static URI through(RealNginx proxy, String path) {
        return URI.create("http://127.0.0.1:" + proxy.port() + path);
    }

    @Test
    void shouldDeliverEachChunkOfAPostedStreamAsItIsEmitted() throws Exception {
        String prompt = "Streamed through nginx [[sim:tokens=" + TOKENS + ",tps=" + TOKENS_PER_SECOND + "]]";

        var response = sse.postWithBearer(through(nginx, "/api/generate"), stack.demoApiKey(), body(prompt, true),
                Duration.ofSeconds(60), e -> "done".equals(e.name()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(textOf(response.events())).isEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt))));
        assertSpreadAtTheTokenRate(chunkArrivals(response.events()));
    }

    @Test
    void shouldDeliverEachChunkOfAJobsEventStreamAsItIsEmitted() throws Exception {
        String prompt = "Followed through nginx [[sim:tokens=" + TOKENS + ",tps=" + TOKENS_PER_SECOND + "]]";
        var accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(through(nginx, "/api/generate"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + stack.demoApiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body(prompt, false))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        String events = JSON.readTree(accepted.body()).get("events").asString();

        var response = sse.get(through(nginx, events), stack.demoApiKey(), null, Duration.ofSeconds(60),
                e -> "done".equals(e.name()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(textOf(response.events())).isEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt))));
        assertSpreadAtTheTokenRate(chunkArrivals(response.events()));
    }

    @Test
    void shouldDeliverAStreamUncompressedAndAsEmittedToAClientThatAcceptsGzip() throws Exception {
        var response = postAcceptingGzip(nginx, "Streamed to a browser [[sim:tokens=" + TOKENS + ",tps=" + TOKENS_PER_SECOND + "]]");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.reads()).as("reads that returned bytes").isGreaterThan(TOKENS / 2);
        assertThat(response.bulk()).isGreaterThan(EMITTING.multipliedBy(6).dividedBy(10));
    }

    @Test
    void shouldSeeTheStreamArriveInABurstWhenTheProxyBuffersAndCompressesIt() throws Exception {
        var response = postAcceptingGzip(misconfigured, "Held back by nginx [[sim:tokens=" + TOKENS + ",tps=" + TOKENS_PER_SECOND + "]]");

        assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(response.bulk()).as("from 10% to 90% of the bytes").isLessThan(EMITTING.dividedBy(4));
    }

    /**
     * When the bytes of a response arrived ({@code at[i]}: the time {@code total[i]} bytes had come), as a
     * browser sees it with gzip accepted.
     */
    record Arrivals(HttpHeaders headers, List<Long> at, List<Long> total) {

        int reads() {
            return at.size();
        }

        /** From the arrival of 10% of the bytes to that of 90%: a gzip header sent early does not count. */
        Duration bulk() {
            long all = total.get(total.size() - 1);
            return Duration.ofNanos(when(all * 9 / 10) - when(all / 10));
        }

        private long when(long bytes) {
            for (int i = 0; i < total.size(); i++) {
                if (total.get(i) >= bytes) {
                    return at.get(i);
                }
            }
            throw new IllegalStateException("never " + bytes + " bytes");
        }
    }

    static Arrivals postAcceptingGzip(RealNginx proxy, String prompt) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(through(proxy, "/api/generate"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header("Accept-Encoding", "gzip").header("Authorization", "Bearer " + stack.demoApiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body(prompt, true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> at = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        byte[] buffer = new byte[65_536];
        long bytes = 0;
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes += n;
                at.add(System.nanoTime());
                total.add(bytes);
            }
        }
        return new Arrivals(response.headers(), at, total);
    }

    /**
     * The chunks arrive over most of the time the simulator took to emit them, most of them apart
     * from the previous one: a proxy that holds them back delivers them within a few milliseconds.
     */
    static void assertSpreadAtTheTokenRate(List<Long> arrivals) {
        assertThat(arrivals).hasSize(TOKENS);
        Duration span = Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0));
        assertThat(span).as("first to last chunk").isGreaterThan(EMITTING.multipliedBy(6).dividedBy(10));
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < arrivals.size(); i++) {
            gaps.add(arrivals.get(i) - arrivals.get(i - 1));
        }
        long apart = gaps.stream().filter(g -> g >= Duration.ofMillis(10).toNanos()).count();
        assertThat(apart).as("chunks arriving at least 10 ms after the previous one").isGreaterThan(gaps.size() * 3L / 4);
    }

    static String body(String prompt, boolean stream) {
        return """
                {"prompt":"%s","model":"deepseek-v3.1","maxTokens":200,"stream":%s}""".formatted(prompt, stream);
    }

    static List<Long> chunkArrivals(List<Event> events) {
        return events.stream().filter(e -> "chunk".equals(e.name())).map(Event::receivedNanos).toList();
    }

    static String textOf(List<Event> events) {
        StringBuilder text = new StringBuilder();
        for (Event e : events) {
            if ("chunk".equals(e.name())) {
                text.append(JSON.readTree(e.data()).get("content").asString());
            }
        }
        return text.toString();
    }
}
