package com.epchat.bench.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SSE stream read line by line as it arrives, by the benchmark's one client for ingest-api and the
 * simulator alike. A line is timed when its bytes come off the socket, on the client's one Netty event
 * loop, which serves every stream: the client stays a small, steady load on the machine it measures
 * (JDK's HttpClient took more CPU than any server in the run, and its hand-offs showed in the timings).
 */
final class SseLines {

    /** Receives the lines of one stream, on the event loop; {@code onEnd} runs once. */
    interface Listener {

        void onLine(String line, long nanos);

        default void onEnd(Throwable error) {
        }
    }

    /** The event loop and connection settings every stream of a run shares. */
    static final class Client implements AutoCloseable {

        private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);

        /** ingest-api's stream of job {@code jobId}, read with {@code apiKey}. */
        SseLines jobEvents(URI ingest, String jobId, String apiKey, Listener listener) {
            return open(ingest.resolve("/api/jobs/" + jobId + "/events"), HttpMethod.GET,
                    Map.of("Accept", "text/event-stream", "Authorization", "Bearer " + apiKey), null, listener);
        }

        /** The simulator's streamed chat completion for a JSON request {@code body}. */
        SseLines completion(URI simulator, String body, Listener listener) {
            return open(simulator.resolve("/chat/completions"), HttpMethod.POST,
                    Map.of("Authorization", "Bearer bench"), body, listener);
        }

        private SseLines open(URI uri, HttpMethod method, Map<String, String> headers, String body,
                Listener listener) {
            SseLines stream = new SseLines(listener);
            ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER
                    : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri.getRawPath(),
                    content);
            request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort());
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            if (body != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
            headers.forEach(request.headers()::set);
            ChannelFuture connected = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(new HttpClientCodec(), stream.reader());
                }
            }).connect(uri.getHost(), uri.getPort());
            stream.channel = connected.channel();
            connected.addListener(done -> {
                if (done.isSuccess()) {
                    stream.channel.writeAndFlush(request);
                } else {
                    request.release();
                    stream.end(done.cause());
                }
            });
            return stream;
        }

        @Override
        public void close() {
            loop.shutdownGracefully().syncUninterruptibly();
        }
    }

    private final Listener listener;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The bytes of a line not yet ended; touched by the event loop only. */
    private final ByteBuf partial = Unpooled.buffer(256);
    private volatile Channel channel;

    private SseLines(Listener listener) {
        this.listener = listener;
    }

    /** Completes when the response's head has arrived, with its status code. */
    CompletableFuture<Integer> status() {
        return status;
    }

    /** Leaves: the connection is closed. */
    void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    private SimpleChannelInboundHandler<HttpObject> reader() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
                long nanos = System.nanoTime();
                if (message instanceof HttpResponse response) {
                    status.complete(response.status().code());
                }
                if (message instanceof HttpContent content) {
                    lines(content.content(), nanos);
                    if (message instanceof LastHttpContent) {
                        end(null);
                        ctx.close();
                    }
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                end(cause);
                ctx.close();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                end(null);
            }
        };
    }

    /** Hands every line {@code bytes} ends to the listener (without its CR LF or LF). */
    private void lines(ByteBuf bytes, long nanos) {
        int from = bytes.readerIndex();
        int end = bytes.writerIndex();
        int lf;
        while ((lf = bytes.indexOf(from, end, (byte) '\n')) >= 0) {
            partial.writeBytes(bytes, from, lf - from);
            int length = partial.readableBytes();
            if (length > 0 && partial.getByte(length - 1) == '\r') {
                length--;
            }
            String line = partial.toString(0, length, StandardCharsets.UTF_8);
            partial.clear();
            listener.onLine(line, nanos);
            from = lf + 1;
        }
        partial.writeBytes(bytes, from, end - from);
    }

    private void end(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            if (error != null) {
                status.completeExceptionally(error);
            } else {
                status.complete(-1);
            }
            listener.onEnd(error);
        }
    }
}
