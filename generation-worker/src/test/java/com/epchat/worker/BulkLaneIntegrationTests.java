package com.epchat.worker;

import static com.epchat.worker.WorkerHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorScript;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import com.epchat.worker.intake.DecisionIntake;
import com.epchat.worker.intake.JobScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker's bulk lane on a real broker against the simulator over HTTP: bulk decisions on
 * {@code ep.budget.decisions.bulk} run in their own two slots ({@code WORKER_BULK_MAX_ACTIVE_STREAMS=2})
 * and end with one {@code BatchItemOutcome} each, keyed by batchId; interactive jobs never wait for them.
 */
class BulkLaneIntegrationTests {

    static final Duration BOUND = Duration.ofSeconds(90);
    static final int PREVIOUS_OWNER_TOKENS = 20;

    static DeepSeekSimulator simulator;
    static ConfigurableApplicationContext worker;
    static WorkerHarness kafka;
    static GenerationRequested takenOver;
    static Usd previousOwnerCost = Usd.of("0.0000616");

    @BeforeAll
    static void startWorker() {
        simulator = WorkerTestbed.simulator(2_000);
        kafka = new WorkerHarness();
        takenOver = previousOwnerStreamedAndDied("A bulk job taken over [[sim:tokens=60]]");
        worker = WorkerTestbed.worker(simulator, "WORKER_BULK_MAX_ACTIVE_STREAMS=2").run();
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
        kafka.close();
        simulator.close();
    }

    /**
     * A bulk job whose previous owner streamed and billed its first tokens, then died before acknowledging:
     * its history and its decision are in Kafka before this worker starts, so the decision is below the
     * partition's end when the worker gets it, and the worker takes the job over.
     */
    static GenerationRequested previousOwnerStreamedAndDied(String prompt) {
        GenerationRequested request = WorkerHarness.bulkRequest("takeover-user", prompt, 500);
        List<String> tokens = SimulatorScript.answerTokens(List.of(SimMessage.user(prompt)));
        for (int i = 0; i < PREVIOUS_OWNER_TOKENS; i++) {
            kafka.send(Topics.GENERATION_CHUNKS, request.jobId(),
                    ChunkEvent.delta(request.jobId(), i + 1, 1, tokens.get(i), null, Instant.now()));
        }
        kafka.send(Topics.USAGE, request.userId(), new UsageEvent(UsageEvent.usageId(request.jobId(), 1),
                request.jobId(), request.userId(), request.model(), "deepseek-chat", 1,
                new TokenUsage(0, 10, PREVIOUS_OWNER_TOKENS, 0), previousOwnerCost, true, false, Instant.now()));
        return kafka.approveBulk(request);
    }

    static String fullAnswer(String prompt) {
        return SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt)));
    }

    static JobScheduler bulkLane() {
        return worker.getBean("bulkDecisionIntake", DecisionIntake.class).scheduler();
    }

    static BatchItemOutcome awaitOutcome(GenerationRequested request) {
        await().atMost(BOUND).until(() -> !kafka.outcomes(request.jobId()).isEmpty() && kafka.ended(request.jobId()));
        List<Map.Entry<String, BatchItemOutcome>> outcomes = kafka.outcomes(request.jobId());
        assertThat(outcomes).as("one outcome per job").hasSize(1);
        assertThat(outcomes.get(0).getKey()).as("keyed by batchId").isEqualTo(request.batch().batchId());
        return outcomes.get(0).getValue();
    }

    static Usd billed(GenerationRequested request) {
        return kafka.usage(request.jobId()).stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus);
    }

    @Test
    void shouldEndABulkJobWithOneOutcomeHoldingTheWholeAnswerAndTheExactCostOfAllItsRounds() {
        String prompt = "A bulk report over two rounds [[sim:tokens=9000]] [[sim:tps=50000]]";
        var request = kafka.approveBulk(WorkerHarness.bulkRequest("bulk-alice", prompt, 9_000));

        BatchItemOutcome outcome = awaitOutcome(request);

        assertThat(outcome.state()).isEqualTo(JobState.COMPLETED);
        assertThat(outcome.batch()).isEqualTo(request.batch());
        assertThat(outcome.output()).isEqualTo(fullAnswer(prompt));
        assertThat(outcome.finishReason()).isEqualTo("stop");
        assertThat(outcome.apiModel()).isEqualTo("deepseek-chat");
        assertThat(outcome.error()).isNull();
        assertThat(outcome.usage().output()).isEqualTo(9_000);
        assertThat(kafka.usage(request.jobId())).hasSize(2);
        assertThat(outcome.cost()).isEqualTo(billed(request)).isGreaterThan(Usd.ZERO);
    }

    @Test
    void shouldStartAnInteractiveJobAtOnceWhileEveryBulkSlotIsTaken() {
        var slow1 = kafka.approveBulk(WorkerHarness.bulkRequest("bulk-bob", "Slow one [[sim:tokens=600]] [[sim:tps=10]]", 700));
        var slow2 = kafka.approveBulk(WorkerHarness.bulkRequest("bulk-carol", "Slow two [[sim:tokens=600]] [[sim:tps=10]]", 700));
        await().atMost(BOUND).until(() -> !kafka.chunks(slow1.jobId()).isEmpty() && !kafka.chunks(slow2.jobId()).isEmpty());
        var queued = kafka.approveBulk(WorkerHarness.bulkRequest("bulk-dave", "Queued [[sim:tokens=5]]", 50));

        var interactive = kafka.approve(WorkerHarness.request("interactive-erin", "deepseek-v3.1",
                "Quick one [[sim:tokens=5]]", 50));

        await().atMost(BOUND).until(() -> kafka.ended(interactive.jobId()));
        assertThat(bulkLane().active()).as("both bulk slots still taken").isEqualTo(2);
        assertThat(kafka.ended(slow1.jobId()) || kafka.ended(slow2.jobId())).as("the bulk jobs still run").isFalse();
        assertThat(kafka.chunks(queued.jobId())).as("the third bulk job waits for a bulk slot").isEmpty();
        assertThat(text(kafka.chunks(interactive.jobId()))).isEqualTo(fullAnswer("Quick one [[sim:tokens=5]]"));
        assertThat(kafka.outcomes(interactive.jobId())).as("no outcome for an interactive job").isEmpty();

        kafka.cancel(slow1.jobId(), "bulk-bob");
        kafka.cancel(slow2.jobId(), "bulk-carol");
        assertThat(awaitOutcome(slow1).state()).isEqualTo(JobState.CANCELLED);
        assertThat(awaitOutcome(slow2).state()).isEqualTo(JobState.CANCELLED);
        assertThat(awaitOutcome(queued).output()).isEqualTo(fullAnswer("Queued [[sim:tokens=5]]"));
    }

    @Test
    void shouldPublishARejectedOutcomeForARejectedBulkDecision() {
        var request = WorkerHarness.bulkRequest("bulk-frank", "Too dear [[sim:tokens=5]]", 50);
        Instant midnight = Instant.parse("2031-01-02T00:00:00Z");

        kafka.rejectBulk(request, BudgetLevel.USER_DAILY, midnight);

        await().atMost(BOUND).until(() -> !kafka.outcomes(request.jobId()).isEmpty());
        var outcomes = kafka.outcomes(request.jobId());
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.getKey()).isEqualTo(request.batch().batchId());
            assertThat(o.getValue().state()).isEqualTo(JobState.REJECTED);
            assertThat(o.getValue().rejectedAt()).isEqualTo(BudgetLevel.USER_DAILY);
            assertThat(o.getValue().retryAt()).isEqualTo(midnight);
            assertThat(o.getValue().output()).isEmpty();
            assertThat(o.getValue().cost()).isEqualTo(Usd.ZERO);
            assertThat(o.getValue().batch()).isEqualTo(request.batch());
        });
        assertThat(kafka.chunks(request.jobId())).as("nothing generated").isEmpty();
    }

    @Test
    void shouldEndACancelledBulkJobWithItsPartialOutputAndItsCost() {
        var request = kafka.approveBulk(WorkerHarness.bulkRequest("bulk-grace",
                "A slow bulk answer to cancel [[sim:tokens=400]] [[sim:tps=40]]", 1_000));
        await().atMost(BOUND).until(() -> kafka.chunks(request.jobId()).size() >= 5);

        kafka.cancel(request.jobId(), "bulk-grace");

        BatchItemOutcome outcome = awaitOutcome(request);
        String streamed = text(kafka.chunks(request.jobId()));
        assertThat(outcome.state()).isEqualTo(JobState.CANCELLED);
        assertThat(outcome.error()).isEqualTo("cancelled");
        assertThat(outcome.finishReason()).isEqualTo("cancelled");
        assertThat(outcome.output()).isEqualTo(streamed).isNotEmpty();
        assertThat(fullAnswer("A slow bulk answer to cancel [[sim:tokens=400]] [[sim:tps=40]]")).startsWith(streamed)
                .isNotEqualTo(streamed);
        assertThat(outcome.cost()).isEqualTo(billed(request)).isGreaterThan(Usd.ZERO);
    }

    @Test
    void shouldPublishTheWholeOutputOfABulkJobTakenOverFromADeadWorker() {
        BatchItemOutcome outcome = awaitOutcome(takenOver);

        List<ChunkEvent> events = kafka.chunks(takenOver.jobId());
        assertThat(events).anyMatch(e -> e.type() == ChunkType.ROUND && "takeover".equals(e.message()));
        assertThat(outcome.state()).isEqualTo(JobState.COMPLETED);
        assertThat(outcome.output()).isEqualTo(fullAnswer(takenOver.messages().get(0).content()));
        assertThat(outcome.usage().output()).isEqualTo(60);
        assertThat(outcome.cost()).as("the previous owner's round and this worker's")
                .isEqualTo(billed(takenOver)).isGreaterThan(previousOwnerCost);
    }
}
