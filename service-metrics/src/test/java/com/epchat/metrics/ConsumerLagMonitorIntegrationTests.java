package com.epchat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The lag gauge reads a group's committed offsets against the topic's end on a real broker. */
class ConsumerLagMonitorIntegrationTests {

    @Test
    void shouldReportTheRecordsAGroupHasYetToRead() throws Exception {
        String topic = TestKafka.uniqueName("lag");
        String group = TestKafka.uniqueName("lag-group");
        try (var admin = TestKafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                    TestKafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 2, "k", "v" + i));
                }
            }
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(5))).all().get();
        }
        var registry = new SimpleMeterRegistry();

        try (var monitor = new ConsumerLagMonitor(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()), () -> group, registry, Duration.ofHours(1))) {
            monitor.refresh();
        }

        assertThat(registry.get("ep_chat_consumer_lag_records").tags("group", group, "topic", topic).gauge().value())
                .isEqualTo(3.0);
    }
}
