package com.epchat.bench.relay;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The benchmark's one SSE client, for ingest-api and the simulator alike: reads a response line by
 * line as it arrives, with no thread per stream (JDK HttpClient, a line subscriber), and hands each
 * line to a listener with the time it was read.
 */
final class SseLines {

    /** Receives the lines of one stream. */
    interface Listener {

        void onLine(String line, long nanos);

        default void onEnd(Throwable error) {
        }
    }

    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();

    private SseLines() {
    }

    /** Sends the request; {@link #status()} completes when the response's head has arrived. */
    static SseLines open(HttpClient client, HttpRequest request, Listener listener) {
        SseLines stream = new SseLines();
        client.sendAsync(request, info -> {
            stream.status.complete(info.statusCode());
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    stream.subscription.set(s);
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    listener.onLine(line, System.nanoTime());
                }

                @Override
                public void onError(Throwable t) {
                    listener.onEnd(t);
                }

                @Override
                public void onComplete() {
                    listener.onEnd(null);
                }
            });
        }).whenComplete((response, error) -> {
            if (error != null) {
                stream.status.completeExceptionally(error);
                listener.onEnd(error);
            }
        });
        return stream;
    }

    CompletableFuture<Integer> status() {
        return status;
    }

    /** Leaves: the connection is closed. */
    void close() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }
}
