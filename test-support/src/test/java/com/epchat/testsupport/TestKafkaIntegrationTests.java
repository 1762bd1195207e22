package com.epchat.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TestKafkaIntegrationTests {

    @Test
    void shouldHandOutTheSameBrokerOnEveryCall() throws Exception {
        String first = TestKafka.bootstrapServers();
        String second = TestKafka.bootstrapServers();

        String firstClusterId;
        String secondClusterId;
        try (AdminClient admin = TestKafka.admin()) {
            firstClusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
        try (AdminClient admin = TestKafka.admin()) {
            secondClusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }

        assertThat(second).isEqualTo(first).isNotBlank();
        assertThat(secondClusterId).isEqualTo(firstClusterId).isNotBlank();
    }

    @Test
    void shouldProduceAndConsumeThroughTheSharedBroker() throws Exception {
        // Given a topic of this test's own
        String topic = TestKafka.uniqueName("greetings");
        try (AdminClient admin = TestKafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        // When a record is produced
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "user-1", "hello")).get(30, TimeUnit.SECONDS);
        }

        // Then a consumer reads it back
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return !values.isEmpty();
            });
        }
        assertThat(values).containsExactly("hello");
    }

    @Test
    void shouldGiveDistinctUniqueNamesWithTheBaseAsPrefix() {
        String one = TestKafka.uniqueName("orders");
        String two = TestKafka.uniqueName("orders");

        assertThat(one).startsWith("orders-").isNotEqualTo(two);
    }
}
