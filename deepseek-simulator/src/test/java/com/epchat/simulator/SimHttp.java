package com.epchat.simulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small real-HTTP client for the simulator's tests: JSON bodies in, responses, SSE lines and chunks out. */
final class SimHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String AUTH = "Bearer sk-test-key";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    SimHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** All lines of a (streaming) response body, in order. */
    List<String> lines(String path, String body, String... headers) {
        HttpRequest request = request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofLines()).body().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON of every {@code data: {...}} line. */
    static List<JsonNode> chunks(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("data: {"))
                .map(line -> JSON.readTree(line.substring("data: ".length()))).toList();
    }

    /** Concatenated {@code delta.content} of the chunks. */
    static String content(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> {
            JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
            if (content.isString()) {
                text.append(content.stringValue());
            }
        });
        return text.toString();
    }

    static String finishReason(List<JsonNode> chunks) {
        return chunks.get(chunks.size() - 1).path("choices").path(0).path("finish_reason").asString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String chat(String model, boolean stream, Integer maxTokens, Object... messages) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", Arrays.asList(messages));
        body.put("stream", stream);
        body.put("temperature", 0.7);
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        return JSON.writeValueAsString(body);
    }

    static Map<String, Object> system(String content) {
        return Map.of("role", "system", "content", content);
    }

    static Map<String, Object> user(String content) {
        return Map.of("role", "user", "content", content);
    }

    static Map<String, Object> assistant(String content) {
        return Map.of("role", "assistant", "content", content);
    }

    static Map<String, Object> prefix(String content) {
        return Map.of("role", "assistant", "content", content, "prefix", true);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
        Map<String, String> all = new LinkedHashMap<>(Map.of("Authorization", AUTH, "Content-Type", "application/json"));
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        // an empty value removes a default header (a request without Authorization)
        all.forEach((name, value) -> {
            if (!value.isEmpty()) {
                builder.setHeader(name, value);
            }
        });
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
