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
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
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

    /**
     * Leave the group on shutdown: a restarted or redeployed instance then takes the tasks over at
     * once, instead of the rollups pausing for the session timeout (45 s) until the old member expires.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
        return factory -> factory.setLeaveGroupOnClose(true);
    }

    @Bean
    CostTopology.Settings costTopology(StreamsBuilder builder, CostProperties properties) {
        CostTopology.Settings settings = properties.topology();
        CostTopology.build(builder, settings);
        return settings;
    }
}
