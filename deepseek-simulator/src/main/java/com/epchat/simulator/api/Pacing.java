package com.epchat.simulator.api;

import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Duration;
import java.util.List;

/**
 * Timing and connection tricks shared by both responders: keep-alive lines while a response waits, tokens paced
 * at a rate, and the abrupt close used by the {@code disconnect} and {@code stall} faults. Timers run on Reactor's
 * parallel scheduler, so thousands of waiting streams cost no threads.
 */
final class Pacing {

    /** DeepSeek closes a connection after 10 minutes; a stalled stream is held at most that long. */
    static final Duration STALL_LIMIT = Duration.ofMinutes(10);

    private Pacing() {
    }

    /** {@code line} at once and then every {@code interval} until {@code wait} has passed; nothing for no wait. */
    static Flux<Frame> keepAlives(Duration wait, Duration interval, String line) {
        if (wait.isZero() || wait.isNegative()) {
            return Flux.empty();
        }
        // a slow reader must not overflow the ticker: extra keep-alives are simply dropped
        return Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .map(tick -> Frame.text(line))
                .takeUntilOther(Mono.delay(wait));
    }

    /** The first item at once, then one item per {@code period}; all at once for a zero period. */
    static <T> Flux<T> paced(List<T> items, Duration period) {
        if (period.isZero()) {
            return Flux.fromIterable(items);
        }
        // one periodic timer per stream; a slow reader gets the ticks buffered (at most items.size()), not an error
        return Flux.interval(Duration.ZERO, period)
                .take(items.size())
                .onBackpressureBuffer()
                .map(tick -> items.get(tick.intValue()));
    }

    /** Sends nothing more, holds the socket until the client leaves or {@link #STALL_LIMIT}, then drops it. */
    static Flux<Frame> stall(ReactiveHttpOutputMessage out) {
        return Mono.delay(STALL_LIMIT).map(tick -> Frame.action(() -> abort(out))).concatWith(Flux.never());
    }

    /** Closes the connection with no terminating chunk, so the client sees a truncated response. */
    static Flux<Frame> disconnect(ReactiveHttpOutputMessage out) {
        return Flux.just(Frame.action(() -> abort(out))).concatWith(Flux.never());
    }

    private static void abort(ReactiveHttpOutputMessage out) {
        if (out instanceof ServerHttpResponse response) {
            Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
            if (nativeResponse instanceof HttpServerResponse netty) {
                netty.withConnection(connection -> connection.channel().close());
                return;
            }
        }
        // not on Reactor Netty: failing the body makes the server drop the connection instead
        throw new IllegalStateException("simulated disconnect");
    }
}
