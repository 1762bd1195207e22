package com.epchat.kraft;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting, stopping and restarting brokers: what survives a restart and what is cleaned up. */
class KraftBrokerLifecycleIntegrationTests {

    @TempDir
    Path tempDir;

    @Test
    void shouldKeepTopicRecordAndClusterIdWhenPersistentBrokerRestarts() throws Exception {
        // Given a persistent broker with a topic and a record
        Path dataDir = tempDir.resolve("kafka-data");
        String clusterId;
        try (KraftBroker first = KraftBroker.start(KraftBrokerSettings.persistent(dataDir, 0))) {
            TestClients.createTopic(first.bootstrapServers(), "durable");
            TestClients.send(first.bootstrapServers(), "durable", "k", "kept");
            clusterId = first.clusterId();
        }

        // When it restarts on the same directory (on another free port)
        try (KraftBroker second = KraftBroker.start(KraftBrokerSettings.persistent(dataDir, 0))) {
            // Then the cluster, the topic and the record are still there
            List<ConsumerRecord<String, String>> records =
                    TestClients.readFromStart(second.bootstrapServers(), "durable", "read_committed", 1);
            assertThat(second.clusterId()).isEqualTo(clusterId).isNotBlank();
            assertThat(TestClients.listTopics(second.bootstrapServers())).contains("durable");
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("kept");
        }
        assertThat(dataDir.resolve("meta.properties")).exists();
    }

    @Test
    void shouldDeleteEphemeralDataDirectoryOnClose() {
        KraftBroker broker = KraftBroker.start(KraftBrokerSettings.ephemeral());
        Path dataDir = broker.dataDir();
        assertThat(dataDir.resolve("meta.properties")).exists();

        broker.close();

        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void shouldFailWithClearErrorWhenClientPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path dataDir = tempDir.resolve("port-clash");

            assertThatThrownBy(() -> KraftBroker.start(KraftBrokerSettings.persistent(dataDir, taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not start")
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void shouldRejectInvalidSettings() {
        assertThatThrownBy(() -> new KraftBrokerSettings(null, 70000, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new KraftBrokerSettings(null, 9092, 9092, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
        assertThatThrownBy(() -> KraftBrokerSettings.persistent(null, 9092))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data directory");
    }
}
