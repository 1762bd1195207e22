package com.epchat.testsupport;

import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tests' one Kafka broker: every integration test of every module gets its bootstrap address here.
 *
 * <p>The first call starts ONE broker for the whole test JVM, shared by all test classes and stopped by a JVM
 * shutdown hook: the {@code apache/kafka:4.1.2} image through Testcontainers when a Docker engine is reachable,
 * otherwise an in-process {@link com.epchat.kraft.KraftBroker} (ephemeral). The environment variable
 * {@code EP_TEST_KAFKA=embedded|docker} forces one. Either way: Kafka 4.1.2, one node, transactions work, topics
 * are never auto-created (tests create theirs, e.g. with {@link #admin()}), and records stay for the JVM's
 * lifetime, so tests pick their own topic and group names ({@link #uniqueName(String)}).
 */
public final class TestKafka {

    /** Where the shared broker runs. */
    public enum Source { EMBEDDED, DOCKER }

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);

    private static SharedBroker broker; // guarded by TestKafka.class

    private TestKafka() {
    }

    /** {@code host:port} of the shared broker, starting it on first use. */
    public static String bootstrapServers() {
        return shared().bootstrapServers();
    }

    /** Which kind of broker the shared one is, starting it on first use. */
    public static Source source() {
        return shared().source();
    }

    /** A new admin client on the shared broker; the caller closes it (try-with-resources). */
    public static AdminClient admin() {
        return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** {@code base} plus a random suffix: a topic, group or transactional id no other test uses. */
    public static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static synchronized SharedBroker shared() {
        if (broker == null) {
            BrokerChoice choice = BrokerChoice.decide(System.getenv(BrokerChoice.MODE_VARIABLE),
                    DockerProbe::dockerAvailable);
            SharedBroker started = SharedBroker.start(choice.source());
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-kafka-stop"));
            String kind = choice.source() == Source.DOCKER ? SharedBroker.KAFKA_IMAGE + " in Docker" : "in-process KRaft";
            log.info("Tests use {} Kafka at {} ({})", kind, started.bootstrapServers(), choice.reason());
            broker = started;
        }
        return broker;
    }
}
