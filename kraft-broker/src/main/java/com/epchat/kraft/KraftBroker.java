package com.epchat.kraft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft, one process acting as broker and controller, node id 1) running in
 * this JVM with Apache Kafka's own server code ({@link KafkaRaftServer}), for the local stack and for tests.
 *
 * <p>In: {@link KraftBrokerSettings} (data directory or ephemeral, ports, property overrides). Out: a started
 * broker whose {@link #bootstrapServers()} is {@code localhost:PORT} with a PLAINTEXT listener; topics are
 * never auto-created, transactions (exactly_once_v2) work with replication factor 1. {@link #close()} shuts
 * it down and waits; an ephemeral broker's directory is deleted then, a persistent one keeps its data.
 */
public final class KraftBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KraftBroker.class);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean ephemeral;
    private final int port;
    private final String clusterId;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KraftBroker(KafkaRaftServer server, Path dataDir, boolean ephemeral, int port, String clusterId,
                        Duration startupTime) {
        this.server = server;
        this.dataDir = dataDir;
        this.ephemeral = ephemeral;
        this.port = port;
        this.clusterId = clusterId;
        this.startupTime = startupTime;
    }

    /**
     * Formats the data directory if needed, starts the broker and returns once it accepts clients.
     *
     * @throws IllegalStateException if the broker cannot start (port taken, unreadable directory, ...)
     */
    public static KraftBroker start(KraftBrokerSettings settings) {
        long begin = System.nanoTime();
        Path dataDir = settings.isEphemeral() ? createTempDir() : settings.dataDir().toAbsolutePath();
        KafkaRaftServer server = null;
        try {
            LocalPorts ports = LocalPorts.resolve(settings.port(), settings.controllerPort());
            Map<String, String> props = SingleNodeConfig.properties(dataDir, ports.client(), ports.controller(),
                    settings.overrides());
            KafkaConfig config = new KafkaConfig(props, false);
            String clusterId = KraftStorage.formatIfNeeded(dataDir, config);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            // Returns once the broker has caught up with the metadata log and is unfenced: ready for clients.
            server.startup();
            Duration startupTime = Duration.ofNanos(System.nanoTime() - begin);
            KraftBroker broker = new KraftBroker(server, dataDir, settings.isEphemeral(), ports.client(), clusterId,
                    startupTime);
            log.info("Kafka {} (KRaft, single node) ready at {} in {} ms ({} data in {})", AppInfoParser.getVersion(),
                    broker.bootstrapServers(), startupTime.toMillis(),
                    settings.isEphemeral() ? "ephemeral" : "persistent", dataDir);
            return broker;
        } catch (Exception | LinkageError e) {
            stopQuietly(server);
            if (settings.isEphemeral()) {
                deleteQuietly(dataDir);
            }
            throw new IllegalStateException(
                    "Kafka broker did not start (data dir " + dataDir + "): " + causeChain(e), e);
        }
    }

    /** The address clients connect to, {@code localhost:PORT}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The client (PLAINTEXT) port on localhost. */
    public int port() {
        return port;
    }

    /** The KRaft cluster id stored in the data directory; stays the same across restarts of a persistent broker. */
    public String clusterId() {
        return clusterId;
    }

    /** The broker's log directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** How long {@link #start} took, formatting included. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Shuts the broker down, waits until it has stopped, and deletes the directory if ephemeral. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        if (ephemeral) {
            deleteQuietly(dataDir);
        }
        log.info("Kafka broker at {} stopped", bootstrapServers());
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("kraft-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka data directory", e);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.debug("Ignoring failure while stopping a broker that did not start", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("Could not delete Kafka data directory {}: {}", dir, e.getMessage());
        }
    }

    /** Kafka wraps e.g. a bind failure three levels deep: the whole chain of messages names the port. */
    private static String causeChain(Throwable e) {
        StringJoiner chain = new StringJoiner(" <- ");
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            chain.add(String.valueOf(t.getMessage()));
        }
        return chain.toString();
    }
}
