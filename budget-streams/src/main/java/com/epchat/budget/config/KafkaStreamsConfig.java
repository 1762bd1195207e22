package com.epchat.budget.config;

import com.epchat.budget.guard.BudgetTopology;
import com.epchat.budget.guard.GuardSettings;
import com.epchat.budget.guard.RequestGuard;
import com.epchat.budget.ledger.BudgetWindows;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.money.Usd;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Wires the budget topology into Spring's Kafka Streams lifecycle, creates the topics it uses and checks
 * the one it cannot fix (the requests topic's partitions).
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class KafkaStreamsConfig {

    @Bean
    KafkaAdmin.NewTopics budgetTopics() {
        return new KafkaAdmin.NewTopics(Topics.all().stream().map(Topic::toNewTopic)
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    @Bean
    RequestsTopicCheck requestsTopicCheck(KafkaAdmin admin, StreamsBuilderFactoryBean streams) {
        return new RequestsTopicCheck(admin, Topics.GENERATION_REQUESTS.name(), streams.getPhase());
    }

    @Bean
    GuardSettings guardSettings(BudgetProperties properties) {
        BudgetProperties.Budget budget = properties.budget();
        return new GuardSettings(
                new RequestGuard(Usd.of(budget.requestUsd()), properties.pricing().catalog(),
                        properties.pricing().prices()),
                Usd.of(budget.userDailyUsd()), Usd.of(budget.siteHourlyUsd()),
                new BudgetWindows(budget.zone(), budget.grace()));
    }

    @Bean
    BudgetTopology budgetTopology(StreamsBuilder builder, GuardSettings settings) {
        return BudgetTopology.build(builder, settings);
    }
}
