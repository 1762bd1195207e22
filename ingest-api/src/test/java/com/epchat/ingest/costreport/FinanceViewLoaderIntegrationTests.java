package com.epchat.ingest.costreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The finance view on a real broker: it reads the rollups cost-aggregator committed, never those of
 * an aborted transaction, keeps the latest per key, and says when it has caught up.
 */
class FinanceViewLoaderIntegrationTests {

    static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");

    static FinanceRollup rollup(String user, String cost) {
        return new FinanceRollup(user, DAY, DAY.plusSeconds(86_400), 1, 1, TokenUsage.NONE, Usd.of(cost), DAY);
    }

    @Test
    void shouldKeepTheLatestCommittedRollupPerKey() {
        try (var admin = TestKafka.admin()) {
            TopicCreator.createMissing(admin, List.copyOf(FinanceViewLoader.TOPICS));
        }
        String user = TestKafka.uniqueName("alice");
        String key = FinanceRollup.key(DAY, user);
        var serde = Topics.FINANCE_USER_DAILY.valueSerde().serializer();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.uniqueName("finance-view-test")),
                Topics.FINANCE_USER_DAILY.keySerde().serializer(), serde)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.FINANCE_USER_DAILY.name(), key, rollup(user, "0.1")));
            producer.send(new ProducerRecord<>(Topics.FINANCE_USER_DAILY.name(), key, rollup(user, "0.3")));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.FINANCE_USER_DAILY.name(), key, rollup(user, "99")));
            producer.flush();
            producer.abortTransaction();
        }
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(TestKafka.bootstrapServers()));
        FinanceView view = new FinanceView();
        FinanceViewLoader loader = new FinanceViewLoader(kafka, view);

        loader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(view::caughtUp);

            assertThat(view.rollups(Topics.FINANCE_USER_DAILY.name()))
                    .filteredOn(r -> r.dimension().equals(user))
                    .containsExactly(rollup(user, "0.3"));
        } finally {
            loader.stop();
        }
        assertThat(loader.isRunning()).isFalse();
    }
}
