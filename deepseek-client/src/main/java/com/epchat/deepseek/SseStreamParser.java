package com.epchat.deepseek;

import com.epchat.deepseek.DeepSeekException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the lines of a DeepSeek data-only SSE stream into listener calls and a {@link Completion}.
 *
 * <p>In: lines without terminators, in order. {@code data:} lines are collected into an event that a
 * blank line dispatches; {@code : keep-alive} comments, blank lines and other SSE fields are ignored and
 * are not progress (only {@link #accept} returning true is). {@code data: [DONE]} ends the stream. Each
 * chunk contributes {@code choices[0].delta.reasoning_content} and {@code .content} (either may be null),
 * {@code finish_reason}, {@code usage} (whichever chunk carries it) and {@code model}.
 * Out: {@link #finish()} gives the completion, or throws DISCONNECTED (no {@code finish_reason}) or
 * INSUFFICIENT_RESOURCES, carrying what was received so far.
 */
final class SseStreamParser {

    static final String INSUFFICIENT_RESOURCE = "insufficient_system_resource";

    private final JsonMapper json;
    private final StreamListener listener;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder eventData = new StringBuilder();
    private boolean eventPending;
    private boolean done;
    private String finishReason;
    private String model;
    private Usage usage;

    SseStreamParser(JsonMapper json, StreamListener listener) {
        this.json = json;
        this.listener = listener;
    }

    /** Feeds one line; returns true when it was a {@code data:} line, the only thing that is progress. */
    boolean accept(String line) throws DeepSeekException {
        if (line.isEmpty()) {
            dispatch();
            return false;
        }
        if (line.startsWith(":") || !line.startsWith("data:")) {
            return false;
        }
        String value = line.substring("data:".length());
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (eventPending) {
            eventData.append('\n');
        }
        eventData.append(value);
        eventPending = true;
        return true;
    }

    /** The body ended: an event not yet closed by a blank line still counts. */
    void endOfInput() throws DeepSeekException {
        dispatch();
    }

    boolean done() {
        return done;
    }

    String finishReason() {
        return finishReason;
    }

    /** The outcome once the stream is over (after {@code [DONE]} or the end of the body). */
    Completion finish() throws DeepSeekException {
        if (finishReason == null) {
            throw failure(Kind.DISCONNECTED, done ? "[DONE] without finish_reason" : "stream ended without finish_reason", null);
        }
        if (INSUFFICIENT_RESOURCE.equals(finishReason)) {
            throw failure(Kind.INSUFFICIENT_RESOURCES, "finish_reason " + INSUFFICIENT_RESOURCE, null);
        }
        return new Completion(model, finishReason, usage, content.toString(), reasoning.toString());
    }

    /** A failure of this stream, carrying what was received so far. */
    DeepSeekException failure(Kind kind, String message, Throwable cause) {
        return new DeepSeekException(kind, 0, message, null, content.toString(), reasoning.toString(), usage, cause);
    }

    /** Attaches what was received so far to a failure raised outside the parser. */
    DeepSeekException withPartial(DeepSeekException e) {
        return e.withPartial(content.toString(), reasoning.toString(), usage);
    }

    private void dispatch() throws DeepSeekException {
        if (!eventPending) {
            return;
        }
        String data = eventData.toString();
        eventData.setLength(0);
        eventPending = false;
        if (data.strip().equals("[DONE]")) {
            done = true;
        } else if (!data.isBlank()) {
            onChunk(data);
        }
    }

    private void onChunk(String data) throws DeepSeekException {
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (JacksonException e) {
            throw failure(Kind.IO, "unparseable stream chunk", e);
        }
        JsonNode error = chunk.path("error");
        if (error.isObject()) {
            throw failure(Kind.SERVER_ERROR, "error in stream: " + Payloads.text(error.path("message")), null);
        }
        String chunkModel = Payloads.text(chunk.path("model"));
        if (chunkModel != null) {
            model = chunkModel;
        }
        if (chunk.path("usage").isObject()) {
            usage = Payloads.usage(chunk.path("usage"));
        }
        JsonNode choice = chunk.path("choices").path(0);
        String reasoningDelta = Payloads.text(choice.path("delta").path("reasoning_content"));
        if (reasoningDelta != null && !reasoningDelta.isEmpty()) {
            reasoning.append(reasoningDelta);
            listener.onReasoning(reasoningDelta);
        }
        String contentDelta = Payloads.text(choice.path("delta").path("content"));
        if (contentDelta != null && !contentDelta.isEmpty()) {
            content.append(contentDelta);
            listener.onContent(contentDelta);
        }
        String reason = Payloads.text(choice.path("finish_reason"));
        if (reason != null) {
            finishReason = reason;
        }
    }
}
