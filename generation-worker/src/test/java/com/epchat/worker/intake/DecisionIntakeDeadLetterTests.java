package com.epchat.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchRef;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.money.Usd;
import com.epchat.worker.control.Cancellations;
import com.epchat.worker.generation.JobRunner;
import com.epchat.worker.metrics.JobMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A decision whose handling keeps failing (here a bulk rejection whose outcome cannot be written: the
 * producer times out) is dead-lettered by the error handler, and then acknowledged in offset order, so
 * the decisions behind it on its partition are committed too.
 */
class DecisionIntakeDeadLetterTests {

    static final String TOPIC = Topics.BUDGET_DECISIONS_BULK.name();

    final List<Long> committed = new CopyOnWriteArrayList<>();

    static BudgetDecision rejectedBatchItem() {
        GenerationRequested request = new GenerationRequested("job-1", "erin", "deepseek-v3.1",
                List.of(ChatMessage.user("hello")), 100, true, Lane.BULK, null, Instant.now())
                .forAttempt(new BatchRef("batch_1", "item-1", 1, 1), Instant.now());
        return BudgetDecision.reject(request, BudgetLevel.USER_DAILY, Usd.of("0.001"), Instant.now().plusSeconds(60),
                "daily budget exceeded", Instant.now());
    }

    ConsumerRecord<String, BudgetDecision> record(long offset, BudgetDecision value) {
        return new ConsumerRecord<>(TOPIC, 2, offset, "erin", value);
    }

    @Test
    void shouldAcknowledgeADeadLetteredDecisionInOrderSoThatThoseBehindItAreCommitted() {
        MockProducer<String, byte[]> producer = new MockProducer<>();
        producer.sendException = new TimeoutException("Kafka unreachable");
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(() -> producer);
        // only its producer is used to write a rejection's outcome
        JobRunner runner = new JobRunner(null, null, () -> null, null, template, null, Clock.systemUTC(),
                JobMetrics.discarding());
        try (var intake = new DecisionIntake(LaneSettings.bulk(2, 2), runner, new Cancellations(10),
                JobRetryPolicy.defaults(), new SimpleMeterRegistry())) {
            var failing = record(7, rejectedBatchItem());

            assertThatThrownBy(() -> intake.onMessage(failing, () -> committed.add(7L)))
                    .isInstanceOf(TimeoutException.class);
            intake.onMessage(record(8, null), () -> committed.add(8L));
            assertThat(committed).as("held up behind the failing decision").isEmpty();

            intake.deadLettered(failing);

            assertThat(committed).containsExactly(7L, 8L);
        }
    }
}
