package com.epchat.deepseek;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A bare TCP server for one HTTP exchange, so tests can misbehave below what a framework allows (never
 * answer, stall with the socket open) and observe from the server side that the client really closed it.
 */
final class RawSseServer implements AutoCloseable {

    /** What the server does once it has read the request head. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "raw-sse-server");
        thread.setDaemon(true);
        return thread;
    });
    /** Completes when the server noticed that the client closed the connection. */
    final CompletableFuture<Void> clientClosed = new CompletableFuture<>();

    RawSseServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        executor.execute(() -> {
            try (Socket socket = server.accept()) {
                readHead(socket.getInputStream());
                behaviour.serve(socket, socket.getOutputStream());
            } catch (IOException closedByClient) {
                clientClosed.complete(null);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    static void writeSseHead(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Writes one HTTP chunk; throws once the client has closed the connection. */
    static void writeChunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static String contentChunk(String text) {
        return "data: {\"model\":\"deepseek-chat\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
                + "\"},\"finish_reason\":null}]}\n\n";
    }

    /** An output step that fails once the client is gone. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /** Runs {@code action} every {@code period} until it fails (the client hung up), then rethrows. */
    static void repeat(Duration period, IoAction action) throws IOException, InterruptedException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> failed = new CompletableFuture<>();
        ticker.scheduleAtFixedRate(() -> {
            try {
                action.run();
            } catch (IOException e) {
                failed.completeExceptionally(e);
                throw new UncheckedIOException(e); // stops the repetition
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        try {
            failed.get();
        } catch (ExecutionException e) {
            throw (IOException) e.getCause();
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Blocks until the client closes (read returns -1), then reports it. */
    static void awaitClientClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
            // discard: the request body
        }
        throw new IOException("client closed");
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the request head ended");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
