package com.epchat.cost.config;

import com.epchat.cost.rollup.CostTopology;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the finance topology into Spring's Kafka Streams lifecycle and creates the topics it uses. */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties(CostProperties.class)
class CostStreamsConfig {

    @Bean
    KafkaAdmin.NewTopics costTopics() {
        return new KafkaAdmin.NewTopics(Topics.all().stream().map(Topic::toNewTopic).toArray(NewTopic[]::new));
    }

    @Bean
    CostTopology.Settings costTopology(StreamsBuilder builder, CostProperties properties) {
        CostTopology.Settings settings = properties.topology();
        CostTopology.build(builder, settings);
        return settings;
    }
}
