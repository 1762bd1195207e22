package com.epchat.budget.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.epchat.testsupport.TestKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;

/** On a real broker: the guard starts on a one-partition requests topic and refuses one with twelve. */
class RequestsTopicCheckTests {

    final KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestKafka.bootstrapServers()));

    @Test
    void shouldPassOnOnePartition() throws Exception {
        RequestsTopicCheck check = new RequestsTopicCheck(admin, topic(1), 100);

        check.start();

        assertThat(check.isRunning()).isTrue();
        assertThat(check.getPhase()).isEqualTo(99);
    }

    @Test
    void shouldRefuseATopicMadeForTheUserPartitions() throws Exception {
        String topic = topic(12);
        RequestsTopicCheck check = new RequestsTopicCheck(admin, topic, 100);

        assertThatIllegalStateException().isThrownBy(check::start)
                .withMessageContaining(topic + " has 12 partitions")
                .withMessageContaining("needs 1");
        assertThat(check.isRunning()).isFalse();
    }

    static String topic(int partitions) throws Exception {
        String name = TestKafka.uniqueName("requests-check");
        try (Admin client = TestKafka.admin()) {
            client.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
        return name;
    }
}
