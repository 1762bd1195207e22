package com.epchat.ingest.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An SSE client on a plain socket, for what an HTTP client library hides: a small receive window
 * (a slow reader), reading nothing for a while, and leaving abruptly. Speaks HTTP/1.0, so the body
 * is the bare event stream (no chunked encoding).
 */
final class RawSseClient implements AutoCloseable {

    /** One event or comment ({@code name} ":"), as read. */
    record Event(String id, String name, String data) {
    }

    private final Socket socket = new Socket();
    private final BufferedReader reader;
    private final int status;

    RawSseClient(int port, String path, String key, String lastEventId, int receiveBuffer) throws IOException {
        if (receiveBuffer > 0) {
            // set before connecting: the window then stays this small (no autotuning)
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("localhost", port), 5_000);
        socket.setSoTimeout(60_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\nAuthorization: Bearer " + key + "\r\n");
        if (lastEventId != null) {
            request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1024);
        String statusLine = reader.readLine();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        String header;
        do {
            header = reader.readLine();
        } while (header != null && !header.isEmpty());
    }

    int status() {
        return status;
    }

    /** The next event or comment; null at the end of the stream. */
    Event next() throws IOException {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (name != null || data.length() > 0 || id != null) {
                    return new Event(id, name == null ? "message" : name, data.toString());
                }
            } else if (line.startsWith(":")) {
                return new Event(null, ":", line.substring(1).trim());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        return null;
    }

    /** Events (comments and the retry hint skipped) until the end of the stream. */
    List<Event> rest() throws IOException {
        List<Event> events = new ArrayList<>();
        Event e;
        while ((e = next()) != null) {
            if (!":".equals(e.name())) {
                events.add(e);
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
