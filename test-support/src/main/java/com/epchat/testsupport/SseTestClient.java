package com.epchat.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A minimal SSE client for tests and benchmarks: sends a request over real HTTP and reads events
 * ({@code id}, {@code event}, {@code data}, comments) as they arrive, stopping at a condition.
 */
public final class SseTestClient {

    /** One SSE event, or a comment line (name {@code ":"}), with the time it was read. */
    public record Event(String id, String name, String data, long receivedNanos) {

        public boolean isComment() {
            return ":".equals(name);
        }
    }

    /** The status, headers and events of one streamed response. */
    public record Response(int status, Map<String, List<String>> headers, List<Event> events, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** POSTs JSON and reads events until {@code stop} matches one (inclusive) or the stream ends. */
    public Response post(URI uri, String json, Duration timeout, Predicate<Event> stop) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return read(request, stop);
    }

    /** POSTs JSON with a bearer key (as DeepSeek's API wants) and reads events as {@link #post} does. */
    public Response postWithBearer(URI uri, String key, String json, Duration timeout, Predicate<Event> stop)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return read(request, stop);
    }

    /** GETs an event stream, optionally resuming after {@code lastEventId}. */
    public Response get(URI uri, String lastEventId, Duration timeout, Predicate<Event> stop) throws IOException,
            InterruptedException {
        return get(uri, null, lastEventId, timeout, stop);
    }

    /** GETs an event stream with a bearer key (ingest-api's API keys), optionally resuming after {@code lastEventId}. */
    public Response get(URI uri, String key, String lastEventId, Duration timeout, Predicate<Event> stop)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "text/event-stream");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return read(request.GET().build(), stop);
    }

    private Response read(HttpRequest request, Predicate<Event> stop) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<Event> events = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                body.append(line).append('\n');
                if (line.startsWith(":")) {
                    Event comment = new Event(null, ":", line.substring(1).trim(), System.nanoTime());
                    events.add(comment);
                    if (stop.test(comment)) {
                        break;
                    }
                } else if (line.isEmpty()) {
                    if (data.length() > 0 || name != null) {
                        Event event = new Event(id, name == null ? "message" : name, data.toString(), System.nanoTime());
                        events.add(event);
                        if (stop.test(event)) {
                            break;
                        }
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        }
        return new Response(response.statusCode(), response.headers().map(), events, body.toString());
    }
}
