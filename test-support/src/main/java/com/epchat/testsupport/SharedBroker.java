package com.epchat.testsupport;

import com.epchat.kraft.KraftBroker;
import com.epchat.kraft.KraftBrokerSettings;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A started broker for the whole test JVM: where clients connect and how to stop it. In: the chosen
 * {@link TestKafka.Source}. Out: a running broker with the same essentials either way (Kafka 4.1.2, one node,
 * internal topics with replication factor 1, no automatic topic creation).
 */
record SharedBroker(TestKafka.Source source, String bootstrapServers, AutoCloseable stopper) {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    static SharedBroker start(TestKafka.Source source) {
        return switch (source) {
            case EMBEDDED -> embedded();
            case DOCKER -> docker();
        };
    }

    private static SharedBroker embedded() {
        KraftBroker broker = KraftBroker.start(KraftBrokerSettings.ephemeral());
        return new SharedBroker(TestKafka.Source.EMBEDDED, broker.bootstrapServers(), broker);
    }

    @SuppressWarnings("resource") // stopped by the JVM shutdown hook (and by Testcontainers' reaper)
    private static SharedBroker docker() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                // Same contract as the embedded broker: the project creates its topics, a typo must fail.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "1");
        container.start();
        return new SharedBroker(TestKafka.Source.DOCKER, container.getBootstrapServers(), container::stop);
    }

    void stop() {
        try {
            stopper.close();
        } catch (Exception e) {
            // The JVM is exiting; a broker that does not stop cleanly must not hide the test results.
            System.err.println("Test Kafka (" + source + ") did not stop cleanly: " + e);
        }
    }
}
