package com.epchat.deepseek;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A DeepSeek chat client that survives the real API's quirks.
 *
 * <p>In: {@link DeepSeekSettings}. Calls: {@code POST <base>/chat/completions} (or
 * {@code <root>/beta/chat/completions} for prefix completion), {@code GET <base>/models},
 * {@code GET <root>/user/balance}, over HTTP/1.1 with {@code Authorization: Bearer <key>}.
 * Out: a {@link Completion} after streaming each delta to a {@link StreamListener}, the model ids, the
 * balance; or a {@link DeepSeekException} whose {@link Kind} says what happened and whether to retry.
 *
 * <p>Each method makes exactly one attempt; wrap calls in {@link RetryingCaller} to retry. The stream is
 * read on the calling thread, which waits for each line at most until the idle or overall deadline; on a
 * deadline the connection is closed (no thread or socket is left behind). Thread-safe.
 */
public final class DeepSeekClient {

    private static final Logger log = LoggerFactory.getLogger(DeepSeekClient.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_JSON_BODY = 4 * 1024 * 1024;

    private final DeepSeekSettings settings;
    private final Endpoints endpoints;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpErrors errors;

    public DeepSeekClient(DeepSeekSettings settings) {
        this.settings = settings;
        this.endpoints = Endpoints.of(settings.baseUrl());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.errors = new HttpErrors(json, settings.apiKey(), Clock.systemUTC());
    }

    public DeepSeekSettings settings() {
        return settings;
    }

    /** A retry wrapper using this client's {@link RetryPolicy}. */
    public RetryingCaller retrying() {
        return new RetryingCaller(settings.retry());
    }

    /**
     * Streams one chat completion, ONE attempt. Deltas go to the listener as they arrive. Mid-stream
     * failures (STALLED, DISCONNECTED, TIMEOUT, INSUFFICIENT_RESOURCES, ...) carry the partial content,
     * partial reasoning and usage received so far.
     */
    public Completion stream(ChatRequest request, StreamListener listener) throws DeepSeekException {
        HttpRequest post = authorized(endpoints.chatCompletions(request.usesPrefixCompletion()))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.chatBody(json, request)))
                .build();
        log.debug("streaming {} ({} messages, max_tokens {}, prefix {})", request.model(),
                request.messages().size(), request.maxTokens(), request.usesPrefixCompletion());
        try (LineExchange exchange = LineExchange.open(http, post, newDeadlines())) {
            failOnErrorStatus(exchange);
            SseStreamParser parser = new SseStreamParser(json, listener);
            try {
                for (String line = exchange.next(); line != null; line = exchange.next()) {
                    if (parser.accept(line)) {
                        exchange.progress();
                    }
                    if (parser.done()) {
                        break;
                    }
                }
                parser.endOfInput();
            } catch (DeepSeekException e) {
                if (parser.finishReason() == null) {
                    throw parser.withPartial(e);
                }
                // the answer was complete; only the tail ([DONE], end of body) went missing
            }
            Completion completion = parser.finish();
            log.debug("finished {}: {} {}", completion.apiModel(), completion.finishReason(), completion.usage());
            return completion;
        } catch (DeepSeekException e) {
            log.debug("stream failed: {}", e.getMessage());
            throw e;
        }
    }

    /** The API model ids the provider serves right now ({@code GET /models}). */
    public List<String> listModels() throws DeepSeekException {
        return Payloads.modelIds(getJson(endpoints.models()));
    }

    /** The provider account balance ({@code GET /user/balance}). */
    public Balance balance() throws DeepSeekException {
        return Payloads.balance(getJson(endpoints.balance()));
    }

    private JsonNode getJson(URI uri) throws DeepSeekException {
        HttpRequest get = authorized(uri).header("Accept", "application/json").GET().build();
        // a non-streaming answer sends no data until it is complete: only the overall deadline and the
        // idle one (nothing counts as progress) apply, whichever is nearer
        try (LineExchange exchange = LineExchange.open(http, get, newDeadlines())) {
            failOnErrorStatus(exchange);
            String body = exchange.readBody(MAX_JSON_BODY);
            try {
                return json.readTree(body.strip());
            } catch (JacksonException e) {
                throw new DeepSeekException(Kind.IO, exchange.status(), "unparseable JSON from " + uri.getPath(),
                        null, "", "", null, e);
            }
        }
    }

    private void failOnErrorStatus(LineExchange exchange) throws DeepSeekException {
        int status = exchange.status();
        if (status / 100 == 2) {
            return;
        }
        String body;
        try {
            body = exchange.readBody(MAX_ERROR_BODY);
        } catch (DeepSeekException unreadable) {
            body = ""; // the status alone classifies the failure
        }
        throw errors.from(status, exchange.header("Retry-After"), body);
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + settings.apiKey());
    }

    private Deadlines newDeadlines() {
        return new Deadlines(System::nanoTime, settings.idleTimeout(), settings.callTimeout());
    }
}
