package com.epchat.kraft;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format} does, but only once: in goes the log
 * directory and the broker config, out comes the cluster id (new, or the one already stored there).
 */
final class KraftStorage {

    private KraftStorage() {
    }

    /** Formats {@code logDir} unless it holds a {@code meta.properties}; returns the cluster id either way. */
    static String formatIfNeeded(Path logDir, KafkaConfig config) throws Exception {
        Path metaProperties = logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
        if (Files.exists(metaProperties)) {
            // Reuse: keeps the cluster id, topics and records of the previous run.
            return storedClusterId(metaProperties);
        }
        Files.createDirectories(logDir);
        Formatter formatter = new Formatter()
                // The formatter narrates each step on stdout; we log one line ourselves instead.
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(SingleNodeConfig.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(SingleNodeConfig.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .addDirectory(logDir.toAbsolutePath().toString());
        formatter.run();
        return formatter.clusterId();
    }

    private static String storedClusterId(Path metaProperties) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(metaProperties)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metaProperties, e);
        }
        return props.getProperty("cluster.id");
    }
}
