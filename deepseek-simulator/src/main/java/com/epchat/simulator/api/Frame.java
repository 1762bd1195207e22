package com.epchat.simulator.api;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ReactiveHttpOutputMessage;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * One unit a responder writes and flushes: either text, or an action on the connection (closing it abruptly).
 * Actions run as their own flushed group, so every text before them is on the wire first.
 */
record Frame(String text, Runnable action) {

    static Frame text(String text) {
        return new Frame(text, null);
    }

    static Frame action(Runnable action) {
        return new Frame(null, action);
    }

    Mono<DataBuffer> render(ReactiveHttpOutputMessage out) {
        if (text != null) {
            return Mono.fromSupplier(() -> out.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        return Mono.fromRunnable(action);
    }
}
