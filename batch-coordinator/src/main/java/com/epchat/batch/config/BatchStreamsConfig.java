package com.epchat.batch.config;

import com.epchat.batch.coordinator.BatchMetrics;
import com.epchat.batch.coordinator.BatchTopology;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the batch topology into Spring's Kafka Streams lifecycle and creates the topics it uses. */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties(BatchProperties.class)
class BatchStreamsConfig {

    @Bean
    KafkaAdmin.NewTopics batchTopics() {
        return new KafkaAdmin.NewTopics(Topics.all().stream().map(Topic::toNewTopic).toArray(NewTopic[]::new));
    }

    /**
     * Leave the group on shutdown: a restarted or redeployed instance then takes the batches over at once,
     * instead of their dispatch pausing for the session timeout (45 s) until the old member expires.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
        return factory -> factory.setLeaveGroupOnClose(true);
    }

    @Bean
    BatchTopology.Settings batchTopology(StreamsBuilder builder, BatchProperties properties, BatchMetrics metrics) {
        BatchTopology.Settings settings = properties.topology();
        BatchTopology.build(builder, settings, metrics);
        return settings;
    }
}
