package com.epchat.kraft;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** One ephemeral broker shared by the tests of this class: clients, transactions and the single-node settings. */
class KraftBrokerIntegrationTests {

    private static KraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KraftBroker.start(KraftBrokerSettings.ephemeral().withOverride("log.retention.hours", "6"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldServeAdminProducerAndConsumerOnLocalhost() throws Exception {
        // Given a topic created through the Admin API
        String bootstrap = broker.bootstrapServers();
        TestClients.createTopic(bootstrap, "plain");

        // When a record is produced
        TestClients.send(bootstrap, "plain", "user-1", "hello");

        // Then a consumer group reads it back
        List<ConsumerRecord<String, String>> records =
                TestClients.readFromStart(bootstrap, "plain", "read_uncommitted", 1);
        assertThat(bootstrap).isEqualTo("localhost:" + broker.port());
        assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("user-1", "hello"));
    }

    @Test
    void shouldExposeCommittedAndHideAbortedTransactions() throws Exception {
        // Given a transactional producer, as exactly_once_v2 services use
        String bootstrap = broker.bootstrapServers();
        TestClients.createTopic(bootstrap, "transactional");
        try (KafkaProducer<String, String> producer = TestClients.producer(bootstrap,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
            producer.initTransactions();

            // When one transaction aborts and the next commits
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "committed"));
            producer.commitTransaction();
        }

        // Then a read_committed consumer sees only the committed record (and the commit marker was written)
        List<ConsumerRecord<String, String>> records =
                TestClients.readFromStart(bootstrap, "transactional", "read_committed", 1);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    @Test
    void shouldRunWithSingleNodeSettingsAndOverrides() throws Exception {
        ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Map<String, Object> adminProps = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(adminProps)) {
            Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);

            assertThat(List.of("auto.create.topics.enable", "num.partitions", "offsets.topic.replication.factor",
                    "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
                    "group.initial.rebalance.delay.ms", "log.retention.hours"))
                    .map(name -> name + "=" + valueOf(config.get(name)))
                    .containsExactly("auto.create.topics.enable=false", "num.partitions=1",
                            "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0",
                            "log.retention.hours=6");
        }
    }

    private static String valueOf(ConfigEntry entry) {
        return entry == null ? null : entry.value();
    }
}
