package com.epchat.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket HTTP/1.1 exchange for faults an HTTP client hides: it shows exactly which bytes arrived and
 * whether the server went silent (read timeout) or closed the connection (end of stream).
 */
final class RawHttp {

    /** What came back: the raw bytes as text, and how reading ended. */
    record Exchange(String raw, boolean timedOut, boolean closed) {

        int dataChunks() {
            return raw.split("data: \\{", -1).length - 1;
        }
    }

    private RawHttp() {
    }

    /**
     * Posts {@code body} and reads until {@code expectedDataChunks} SSE data chunks have arrived, then keeps reading
     * with {@code silenceTimeoutMillis} as socket read timeout until the server goes silent or closes.
     */
    static Exchange post(int port, String path, String body, int expectedDataChunks, int silenceTimeoutMillis)
            throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + SimHttp.AUTH + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                Exchange sofar = new Exchange(received.toString(StandardCharsets.UTF_8), false, false);
                if (sofar.dataChunks() >= expectedDataChunks) {
                    socket.setSoTimeout(silenceTimeoutMillis);
                }
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    return new Exchange(received.toString(StandardCharsets.UTF_8), true, false);
                } catch (IOException e) {
                    return new Exchange(received.toString(StandardCharsets.UTF_8), false, true);
                }
                if (read < 0) {
                    return new Exchange(received.toString(StandardCharsets.UTF_8), false, true);
                }
                received.write(buffer, 0, read);
            }
        }
    }
}
