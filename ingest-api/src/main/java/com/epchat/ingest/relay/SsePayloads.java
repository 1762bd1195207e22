package com.epchat.ingest.relay;

import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * The SSE face of {@link ChunkEvent}s: the event id is the job sequence (so {@code Last-Event-ID}
 * resumes), the event name is the chunk type, the data a small JSON object.
 */
final class SsePayloads {

    /** Milliseconds a client should wait before reconnecting. */
    static final long RETRY_MILLIS = 2_000;

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

    private SsePayloads() {
    }

    static SseEventBuilder toSse(ChunkEvent e) {
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
        return SseEmitter.event().id(Long.toString(e.seq())).name(name).data(data);
    }
}
