package com.epchat.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** The budget-state view materialized from {@code ep.budget.state} on a real broker, from the beginning. */
class BudgetStateListenerIntegrationTests {

    @Test
    void shouldMaterializeTheNewestWindowOfEveryKeyFromTheBeginning() throws Exception {
        try (Admin admin = TestKafka.admin()) {
            TopicCreator.createMissing(admin, Topics.all());
        }
        String user = TestKafka.uniqueName("viewer");
        Instant today = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        BudgetState newest = state(user, today, "0.30");
        try (KafkaProducer<String, BudgetState> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                Topics.BUDGET_STATE.keySerde().serializer(), Topics.BUDGET_STATE.valueSerde().serializer())) {
            String key = BudgetState.key(BudgetLevel.USER_DAILY, user);
            producer.send(new ProducerRecord<>(Topics.BUDGET_STATE.name(), key, newest)).get();
            // a late settlement of yesterday published after today's state
            producer.send(new ProducerRecord<>(Topics.BUDGET_STATE.name(), key,
                    state(user, today.minus(Duration.ofDays(1)), "2.40"))).get();
        }
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(TestKafka.bootstrapServers()));
        BudgetStateView view = new BudgetStateView();
        BudgetStateListener listener = new BudgetStateListener(kafka, view);

        listener.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(view::loaded);
            assertThat(view.current(BudgetLevel.USER_DAILY, user, Instant.now())).contains(newest);
        } finally {
            listener.stop();
        }
        assertThat(listener.isRunning()).isFalse();
    }

    static BudgetState state(String user, Instant dayStart, String spent) {
        Usd limit = Usd.of("2.50");
        return new BudgetState(BudgetLevel.USER_DAILY, user, dayStart, dayStart.plus(Duration.ofDays(1)), limit,
                Usd.of(spent), Usd.ZERO, limit.minus(Usd.of(spent)), 0, Instant.now());
    }
}
