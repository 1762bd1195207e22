package com.epchat.deepseek;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One message of a chat request, serialised as DeepSeek expects:
 * {@code {"role":"user","content":"..."}}, plus {@code "prefix":true} on the last assistant message of a
 * chat prefix completion (the model continues that text). {@code prefix} is {@code null} unless true, so
 * Jackson leaves it out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String role, String content, Boolean prefix) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        prefix = Boolean.TRUE.equals(prefix) ? Boolean.TRUE : null;
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null);
    }

    /** The text so far of a cut-off answer, to be continued through the beta endpoint. */
    public static ChatMessage assistantPrefix(String content) {
        return new ChatMessage("assistant", content, Boolean.TRUE);
    }
}
