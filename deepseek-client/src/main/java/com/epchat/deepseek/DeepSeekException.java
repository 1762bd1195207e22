package com.epchat.deepseek;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed DeepSeek call, classified so the caller can decide without parsing messages.
 *
 * <p>Out: the {@link Kind}, whether retrying may help ({@link #retryable()}), the server's
 * {@code Retry-After}, the HTTP status ({@code 0} when the failure is not an HTTP answer), the provider's
 * own error message, and for failures in the middle of a stream what had arrived so far (partial content,
 * partial reasoning, usage if the provider sent it) so the caller can bill it and continue from it.
 * Messages never contain the API key: provider messages are redacted before they get here, and again here.
 */
public final class DeepSeekException extends Exception {

    /** What went wrong; the flag is the default answer to "may a retry help?". */
    public enum Kind {
        BAD_REQUEST(false), UNAUTHORIZED(false), INSUFFICIENT_BALANCE(false), MODEL_NOT_FOUND(false),
        INVALID_PARAMS(false), RATE_LIMITED(true), SERVER_ERROR(true), OVERLOADED(true), OTHER_HTTP(false),
        STALLED(true), DISCONNECTED(true), TIMEOUT(true), INSUFFICIENT_RESOURCES(true), IO(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final int status;
    private final String providerMessage;
    private final Duration retryAfter;
    private final String partialContent;
    private final String partialReasoning;
    private final Usage usage;

    /** A failure with nothing received (e.g. for fakes in tests). */
    public DeepSeekException(Kind kind, int status, String providerMessage) {
        this(kind, status, providerMessage, null, "", "", null, null);
    }

    public DeepSeekException(Kind kind, int status, String providerMessage, Duration retryAfter,
                             String partialContent, String partialReasoning, Usage usage, Throwable cause) {
        super(describe(kind, status, Secrets.redact(providerMessage), partialContent, partialReasoning), cause);
        this.kind = kind;
        this.status = status;
        this.providerMessage = Secrets.redact(providerMessage);
        this.retryAfter = retryAfter;
        this.partialContent = partialContent == null ? "" : partialContent;
        this.partialReasoning = partialReasoning == null ? "" : partialReasoning;
        this.usage = usage;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * True when the same call may succeed later: 429, 500, 503, insufficient resources, stalled,
     * disconnected, timeout, I/O. For {@link Kind#OTHER_HTTP} only 408 and other 5xx (gateway) answers.
     */
    public boolean retryable() {
        if (kind == Kind.OTHER_HTTP) {
            return status == 408 || status >= 500;
        }
        return kind.retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The HTTP status, or 0 when the failure happened after a 200 (mid-stream) or before any answer. */
    public int status() {
        return status;
    }

    /** The provider's {@code error.message} (or our own description), redacted. */
    public String providerMessage() {
        return providerMessage;
    }

    public String partialContent() {
        return partialContent;
    }

    public String partialReasoning() {
        return partialReasoning;
    }

    /** Usage the provider reported before the failure, or {@code null}. */
    public Usage usage() {
        return usage;
    }

    /** The same failure carrying what a stream had delivered so far. */
    DeepSeekException withPartial(String content, String reasoning, Usage partialUsage) {
        return new DeepSeekException(kind, status, providerMessage, retryAfter, content, reasoning,
                partialUsage, getCause());
    }

    private static String describe(Kind kind, int status, String message, String content, String reasoning) {
        StringBuilder text = new StringBuilder("DeepSeek ").append(kind);
        if (status > 0) {
            text.append(" (HTTP ").append(status).append(')');
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message);
        }
        int received = (content == null ? 0 : content.length()) + (reasoning == null ? 0 : reasoning.length());
        if (received > 0) {
            text.append(" [after ").append(received).append(" chars]");
        }
        return text.toString();
    }
}
