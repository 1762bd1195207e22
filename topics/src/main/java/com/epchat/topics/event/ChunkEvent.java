package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * One event of a job's output stream, keyed by {@code jobId}. {@code seq} counts from 1 per job
 * without gaps and is the SSE event id, so a client resuming with {@code Last-Event-ID: n} gets
 * every event with {@code seq > n}.
 *
 * <ul>
 *   <li>{@link ChunkType#DELTA}: text ({@code content}) or thinking ({@code reasoning}) of round {@code round};
 *   <li>{@link ChunkType#ROUND}: a continuation round {@code round} starts (the text stays seamless);
 *   <li>{@link ChunkType#DONE}: the last event: finish reason, total usage and cost, the API model that served,
 *       and in {@code message} the live flags the job ran under (taken when it started);
 *   <li>{@link ChunkType#ERROR}: the last event of a failed job: {@code errorCode} and {@code message}.
 * </ul>
 */
public record ChunkEvent(
        String jobId,
        long seq,
        ChunkType type,
        int round,
        String content,
        String reasoning,
        String finishReason,
        TokenUsage usage,
        Usd cost,
        String apiModel,
        String errorCode,
        String message,
        Instant at) {

    public static ChunkEvent delta(String jobId, long seq, int round, String content, String reasoning, Instant at) {
        return new ChunkEvent(jobId, seq, ChunkType.DELTA, round, content, reasoning, null, null, null, null, null,
                null, at);
    }

    public static ChunkEvent roundStart(String jobId, long seq, int round, String reason, Instant at) {
        return new ChunkEvent(jobId, seq, ChunkType.ROUND, round, null, null, null, null, null, null, null, reason,
                at);
    }

    public static ChunkEvent done(String jobId, long seq, int round, String finishReason, TokenUsage usage, Usd cost,
            String apiModel, Instant at) {
        return new ChunkEvent(jobId, seq, ChunkType.DONE, round, null, null, finishReason, usage, cost, apiModel,
                null, null, at);
    }

    public static ChunkEvent error(String jobId, long seq, int round, String errorCode, String message,
            TokenUsage usage, Usd cost, String apiModel, Instant at) {
        return new ChunkEvent(jobId, seq, ChunkType.ERROR, round, null, null, "error", usage, cost, apiModel,
                errorCode, message, at);
    }

    /** The same event with {@code message} set (a done event's note of the flags it ran under). */
    public ChunkEvent withMessage(String text) {
        return new ChunkEvent(jobId, seq, type, round, content, reasoning, finishReason, usage, cost, apiModel,
                errorCode, text, at);
    }

    /** True for the event that closes the job's stream. */
    public boolean isTerminal() {
        return type == ChunkType.DONE || type == ChunkType.ERROR;
    }
}
