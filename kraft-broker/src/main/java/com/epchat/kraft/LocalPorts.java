package com.epchat.kraft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Resolves the broker's two localhost ports before Kafka starts: in go the requested ports (0 = any free one),
 * out come two distinct ports that were bindable a moment ago. A fixed port that is taken fails here with one
 * clear line, instead of after formatting with Kafka's three-level stack trace.
 */
record LocalPorts(int client, int controller) {

    static LocalPorts resolve(int client, int controller) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        requireFree(client, loopback);
        requireFree(controller, loopback);
        // Both probe sockets stay open together, so the two free ports never coincide. The broker binds them
        // a moment later: the usual small race of free-port probing, acceptable for dev and tests.
        try (ServerSocket first = new ServerSocket(0, 1, loopback);
             ServerSocket second = new ServerSocket(0, 1, loopback)) {
            int clientPort = client != 0 ? client : first.getLocalPort();
            int controllerPort = controller != 0 ? controller
                    : second.getLocalPort() != clientPort ? second.getLocalPort() : first.getLocalPort();
            return new LocalPorts(clientPort, controllerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe free ports on localhost", e);
        }
    }

    private static void requireFree(int port, InetAddress loopback) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, loopback)) {
            probe.getLocalPort();
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on localhost is already in use (another Kafka?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe port " + port + " on localhost", e);
        }
    }
}
