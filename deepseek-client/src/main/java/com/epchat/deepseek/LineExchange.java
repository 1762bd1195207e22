package com.epchat.deepseek;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange whose body is read line by line under {@link Deadlines}. In: a request. Out: status,
 * headers, then lines; each wait (for the headers, for a line) is bounded by the nearer deadline, and a
 * passed deadline abandons the connection and throws STALLED or TIMEOUT. A broken body throws
 * DISCONNECTED, a failure before any answer IO. Closing abandons whatever was not read.
 */
final class LineExchange implements AutoCloseable {

    private final LineStream lines;
    private final Deadlines deadlines;
    private final ResponseInfo response;

    private LineExchange(LineStream lines, Deadlines deadlines, ResponseInfo response) {
        this.lines = lines;
        this.deadlines = deadlines;
        this.response = response;
    }

    static LineExchange open(HttpClient client, HttpRequest request, Deadlines deadlines) throws DeepSeekException {
        LineStream lines = new LineStream();
        // the future of sendAsync completes only after the whole body: the headers are taken from the
        // body handler, which the client calls as soon as they arrive
        CompletableFuture<ResponseInfo> headers = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Void>> pending = client.sendAsync(request, info -> {
            headers.complete(info);
            return BodySubscribers.fromLineSubscriber(lines);
        });
        pending.whenComplete((response, failure) -> {
            if (failure != null) {
                headers.completeExceptionally(failure);
            }
        });
        try {
            while (true) {
                try {
                    return new LineExchange(lines, deadlines, headers.get(deadlines.remainingNanos(), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    Kind kind = deadlines.expired();
                    if (kind != null) {
                        abandon(lines, pending);
                        throw new DeepSeekException(kind, 0, deadlines.describe(kind) + ", before the response headers");
                    }
                }
            }
        } catch (ExecutionException e) {
            abandon(lines, pending);
            throw transportFailure(e.getCause());
        } catch (InterruptedException e) {
            abandon(lines, pending);
            Thread.currentThread().interrupt();
            throw new DeepSeekException(Kind.IO, 0, "interrupted while waiting for the response");
        }
    }

    int status() {
        return response.statusCode();
    }

    Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** Moves the idle deadline: call it for data, not for keep-alives. */
    void progress() {
        deadlines.progress();
    }

    /** The next body line, or null at the end of the body. */
    String next() throws DeepSeekException {
        while (true) {
            try {
                return lines.next(deadlines.remainingNanos());
            } catch (TimeoutException e) {
                Kind kind = deadlines.expired();
                if (kind != null) {
                    lines.abandon();
                    throw new DeepSeekException(kind, 0, deadlines.describe(kind));
                }
            } catch (IOException e) {
                lines.abandon();
                throw new DeepSeekException(Kind.DISCONNECTED, 0, "connection lost: " + e, null, "", "", null, e);
            } catch (InterruptedException e) {
                lines.abandon();
                Thread.currentThread().interrupt();
                throw new DeepSeekException(Kind.IO, 0, "interrupted while reading the response");
            }
        }
    }

    /** The rest of the body joined with newlines, at most {@code maxChars} (then the rest is dropped). */
    String readBody(int maxChars) throws DeepSeekException {
        StringBuilder body = new StringBuilder();
        for (String line = next(); line != null; line = next()) {
            body.append(line).append('\n');
            if (body.length() > maxChars) {
                lines.abandon();
                break;
            }
        }
        return body.toString();
    }

    @Override
    public void close() {
        lines.abandon();
    }

    private static void abandon(LineStream lines, CompletableFuture<?> pending) {
        lines.abandon();
        pending.cancel(true);
    }

    private static DeepSeekException transportFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String what = cause instanceof HttpConnectTimeoutException ? "connect timeout"
                : cause instanceof ConnectException ? "connection refused"
                : "transport failure";
        return new DeepSeekException(Kind.IO, 0, what + ": " + cause, null, "", "", null, cause);
    }
}
