package com.epchat.kraft;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How to start a {@link KraftBroker}.
 *
 * @param dataDir        the broker's log directory (data and KRaft metadata); {@code null} means ephemeral:
 *                       a fresh temporary directory that is deleted when the broker closes
 * @param port           the client (PLAINTEXT) port on localhost; {@code 0} picks a free one
 * @param controllerPort the KRaft controller port on localhost; {@code 0} picks a free one
 * @param overrides      broker properties applied last, over the single-node defaults (do not override the
 *                       listeners: {@link KraftBroker#bootstrapServers()} is derived from the ports)
 */
public record KraftBrokerSettings(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {

    public KraftBrokerSettings {
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** A throw-away broker: temporary data directory deleted on close, free ports. */
    public static KraftBrokerSettings ephemeral() {
        return new KraftBrokerSettings(null, 0, 0, Map.of());
    }

    /**
     * A broker whose topics and records survive restarts: {@code dataDir} is formatted on first use only.
     *
     * @param port the client port, e.g. 9092 for the local stack; {@code 0} picks a free one
     */
    public static KraftBrokerSettings persistent(Path dataDir, int port) {
        if (dataDir == null) {
            throw new IllegalArgumentException("a persistent broker needs a data directory");
        }
        return new KraftBrokerSettings(dataDir, port, 0, Map.of());
    }

    /** Whether the data directory is temporary (created at start, deleted on close). */
    public boolean isEphemeral() {
        return dataDir == null;
    }

    /** A copy with one more broker property override. */
    public KraftBrokerSettings withOverride(String key, String value) {
        Map<String, String> more = new HashMap<>(overrides);
        more.put(key, value);
        return new KraftBrokerSettings(dataDir, port, controllerPort, more);
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(name + " must be 0 (free port) or 1-65535, was " + value);
        }
    }
}
