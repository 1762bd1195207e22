package com.epchat.cost.config;

import com.epchat.cost.rollup.ModelDayTopology;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the finance topologies into Spring's Kafka Streams lifecycle. */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class CostStreamsConfig {

    @Bean
    KafkaAdmin.NewTopics costTopics() {
        return new KafkaAdmin.NewTopics(Topics.all().stream().map(Topic::toNewTopic).toArray(NewTopic[]::new));
    }

    @Bean
    Object modelDayTopology(StreamsBuilder builder) {
        ModelDayTopology.build(builder);
        return ModelDayTopology.STORE;
    }
}
