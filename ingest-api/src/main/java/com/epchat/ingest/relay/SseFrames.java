package com.epchat.ingest.relay;

import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import com.epchat.topics.serde.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The SSE face of {@link ChunkEvent}s, as the bytes written to the socket: the event id is the job
 * sequence (so {@code Last-Event-ID} resumes), the event name the chunk type ({@code chunk},
 * {@code round}, {@code done}, {@code error}), the data a small JSON object. A frame is built once
 * per event and shared by every client watching the job. An {@code error} event without an id is
 * not the job's end but this connection's (slow client): the client resumes with Last-Event-ID.
 */
final class SseFrames {

    /** Milliseconds a client should wait before reconnecting. */
    static final long RETRY_MILLIS = 2_000;

    static final byte[] HEARTBEAT = ascii(": heartbeat\n\n");

    private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Chunk(String content, String reasoning, int round) {
    }

    record Round(int round, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Done(String jobId, String finishReason, TokenUsage usage, Usd cost, String apiModel, int rounds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String jobId, String code, String message, TokenUsage usage, Usd cost) {
    }

    private SseFrames() {
    }

    /** The first bytes of every stream: the reconnect hint, and a comment naming the job. */
    static byte[] opening(String jobId) {
        return ascii("retry: " + RETRY_MILLIS + "\n: job " + jobId + "\n\n");
    }

    static byte[] of(ChunkEvent e) {
        if (e.type() == ChunkType.DELTA && e.reasoning() == null && e.content() != null) {
            return textDelta(e);
        }
        Object data = switch (e.type()) {
            case DELTA -> new Chunk(e.content(), e.reasoning(), e.round());
            case ROUND -> new Round(e.round(), e.message());
            case DONE -> new Done(e.jobId(), e.finishReason(), e.usage(), e.cost(), e.apiModel(), e.round());
            case ERROR -> new Error(e.jobId(), e.errorCode(), e.message(), e.usage(), e.cost());
        };
        String name = switch (e.type()) {
            case DELTA -> "chunk";
            case ROUND -> "round";
            case DONE -> "done";
            case ERROR -> "error";
        };
        return frame("id: " + e.seq() + "\nevent: " + name + "\n", data);
    }

    /**
     * The frame nearly every event is (one token of text), written without a data-binding pass: the
     * relay builds one per event, thousands a second. The same bytes as {@link Chunk} through Jackson.
     */
    private static byte[] textDelta(ChunkEvent e) {
        StringBuilder frame = new StringBuilder(64 + e.content().length());
        frame.append("id: ").append(e.seq()).append("\nevent: chunk\ndata: {\"content\":\"");
        ESCAPER.quoteAsString(e.content(), frame);
        frame.append("\",\"round\":").append(e.round()).append("}\n\n");
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** This connection ends, not the job: no id, so Last-Event-ID stays at the last event received. */
    static byte[] cut(String jobId, String code, String message) {
        return frame("event: error\n", new Error(jobId, code, message, null, null));
    }

    private static byte[] frame(String head, Object data) {
        // JSON escapes line breaks inside strings, so one data: line always holds the whole object
        return (head + "data: " + Json.MAPPER.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
