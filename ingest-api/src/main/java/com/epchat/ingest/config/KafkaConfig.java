package com.epchat.ingest.config;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.GenerationRequested;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;

/**
 * Kafka wiring of ingest-api. Requests go out through spring-kafka's request-reply template; the
 * decisions and chunks are read by consumers whose group is unique to this instance, because every
 * instance must see every decision and chunk (it answers only those it is waiting for).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    /**
     * One id per instance for the groups that read everything (replies, relay); per application
     * context, not per JVM, so that two instances in one JVM (tests) do not share a group.
     */
    private final String instance = UUID.randomUUID().toString().substring(0, 8);

    @Bean
    KafkaAdmin.NewTopics ingestTopics() {
        return new KafkaAdmin.NewTopics(Topics.all().stream().map(Topic::toNewTopic).toArray(NewTopic[]::new));
    }

    @Bean
    ReplyingKafkaTemplate<String, GenerationRequested, BudgetDecision> decisionTemplate(KafkaProperties kafka,
            IngestProperties properties) {
        var producers = new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(),
                Topics.GENERATION_REQUESTS.keySerde().serializer(), Topics.GENERATION_REQUESTS.valueSerde().serializer());
        Map<String, Object> replyConsumer = instanceConsumer(kafka, "ingest-decisions-" + instance);
        // budget-streams writes decisions in transactions: never answer a client with an aborted one
        replyConsumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var consumers = new DefaultKafkaConsumerFactory<>(replyConsumer,
                Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer());
        var replies = new ConcurrentMessageListenerContainer<>(consumers,
                new ContainerProperties(Topics.BUDGET_DECISIONS.name()));
        var template = new ReplyingKafkaTemplate<>(producers, replies);
        template.setDefaultTopic(Topics.GENERATION_REQUESTS.name());
        template.setDefaultReplyTimeout(properties.decisionTimeout());
        // every instance reads every decision; those meant for another instance are expected, not errors
        template.setSharedReplyTopic(true);
        return template;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, ChunkEvent> chunkListenerFactory(KafkaProperties kafka) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, ChunkEvent>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(instanceConsumer(kafka, "ingest-relay-" + instance),
                Topics.GENERATION_CHUNKS.keySerde().deserializer(), Topics.GENERATION_CHUNKS.valueSerde().deserializer()));
        factory.setBatchListener(true);
        // nothing to commit: a restarted relay starts at the end, and its open streams read back what
        // they missed. Committing after every batch would hold the next one back by a broker round trip.
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        return factory;
    }

    /** Job status and control records, each written with its topic's serde by {@code JobPublisher}. */
    @Bean
    KafkaTemplate<String, byte[]> jobTemplate(KafkaProperties kafka) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props, new StringSerializer(),
                new ByteArraySerializer()));
    }

    /** A consumer that starts at the end, in a group of its own, committing nothing that matters. */
    private static Map<String, Object> instanceConsumer(KafkaProperties kafka, String group) {
        Map<String, Object> props = kafka.buildConsumerProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }
}
