package com.epchat.worker;

import static com.epchat.worker.WorkerHarness.sequence;
import static com.epchat.worker.WorkerHarness.terminal;
import static com.epchat.worker.WorkerHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorScript;
import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import com.epchat.worker.capability.ModelResolver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * generation-worker on a real broker against the simulator over HTTP: decisions published as
 * budget-streams would, chunks and usage read back from Kafka.
 */
class GenerationWorkerIntegrationTests {

    static DeepSeekSimulator simulator;
    static ConfigurableApplicationContext worker;
    static WorkerHarness kafka;

    @BeforeAll
    static void startWorker() {
        simulator = WorkerTestbed.simulator(2_000);
        kafka = new WorkerHarness();
        worker = WorkerTestbed.worker(simulator).run();
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
        kafka.close();
        simulator.close();
    }

    static String fullAnswer(String prompt) {
        return SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt)));
    }

    /** Long texts: report where they part rather than printing both. */
    static void assertSameText(String actual, String expected) {
        int i = 0;
        while (i < Math.min(actual.length(), expected.length()) && actual.charAt(i) == expected.charAt(i)) {
            i++;
        }
        int at = i;
        assertThat(actual.length()).as("texts part at %d: ...%s... vs ...%s...", at,
                actual.substring(Math.max(0, at - 40), Math.min(actual.length(), at + 40)),
                expected.substring(Math.max(0, at - 40), Math.min(expected.length(), at + 40)))
                .isEqualTo(expected.length());
        assertThat(at).isEqualTo(expected.length());
    }

    List<ChunkEvent> awaitEnd(GenerationRequested request) {
        await().atMost(Duration.ofSeconds(90)).until(() -> kafka.ended(request.jobId()));
        return kafka.chunks(request.jobId());
    }

    @Test
    void shouldStreamTheWholeAnswerInSequenceAndBillItOnce() {
        String prompt = "Explain Kafka partitions [[sim:tokens=30]]";
        var before = simulator.stats();
        var request = kafka.approve(WorkerHarness.request("alice", "deepseek-v3.1", prompt, 500));

        List<ChunkEvent> events = awaitEnd(request);

        assertThat(text(events)).isEqualTo(fullAnswer(prompt));
        assertThat(sequence(events)).containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        List<UsageEvent> usage = kafka.usage(request.jobId());
        assertThat(usage).hasSize(1).first().satisfies(u -> {
            assertThat(u.last()).isTrue();
            assertThat(u.estimated()).isFalse();
            assertThat(u.apiModel()).isEqualTo("deepseek-chat");
            assertThat(u.tokens().output()).isEqualTo(30);
        });
        var after = simulator.stats();
        assertThat(usage.get(0).tokens().input()).isEqualTo(after.promptTokens() - before.promptTokens());
        assertThat(terminal(events).cost()).isEqualTo(usage.get(0).cost());
        assertThat(terminal(events).finishReason()).isEqualTo("stop");
    }

    @Test
    void shouldContinueOverThreeRoundsIntoExactlyTheSimulatorsFullText() {
        String prompt = "Write a long report [[sim:tokens=17000]] [[sim:tps=50000]]";
        var request = kafka.approve(WorkerHarness.request("bob", "deepseek-v3.1", prompt, 17_000));

        List<ChunkEvent> events = awaitEnd(request);

        assertSameText(text(events), fullAnswer(prompt));
        assertThat(events.stream().filter(e -> e.type() == ChunkType.ROUND).map(ChunkEvent::round))
                .containsExactly(2, 3);
        List<UsageEvent> usage = kafka.usage(request.jobId());
        assertThat(usage).extracting(UsageEvent::round).containsExactly(1, 2, 3);
        assertThat(usage).extracting(UsageEvent::last).containsExactly(false, false, true);
        assertThat(usage.stream().mapToLong(u -> u.tokens().output()).sum()).isEqualTo(17_000);
        assertThat(usage.get(2).tokens().inputCacheHit()).as("round 3 re-sends what round 2 sent").isPositive();
        assertThat(terminal(events).finishReason()).isEqualTo("stop");
        assertThat(terminal(events).cost()).isEqualTo(usage.stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus));
    }

    @Test
    void shouldStopWithFinishReasonBudgetWhenTheNextRoundNoLongerFits() {
        String prompt = "Write a very long report [[sim:tokens=30000]] [[sim:tps=50000]]";
        GenerationRequested request = WorkerHarness.request("carol", "deepseek-v3.1", prompt, 30_000);
        // enough for the first round's worst case, not for a second round after it
        Usd reserved = WorkerHarness.worstCase(WorkerHarness.request("carol", "deepseek-v3.1", prompt, 8_192))
                .plus(Usd.of("0.001"));
        kafka.approve(request, reserved);

        List<ChunkEvent> events = awaitEnd(request);

        ChunkEvent done = terminal(events);
        assertThat(done.finishReason()).isEqualTo("budget");
        assertThat(done.usage().output()).isEqualTo(8_192);
        assertThat(done.cost()).isLessThanOrEqualTo(reserved);
        assertThat(kafka.usage(request.jobId())).singleElement().satisfies(u -> assertThat(u.cost()).isEqualTo(done.cost()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rate_limit,times=1,retry_after=1", "overloaded,times=2", "server_error,times=1",
        "stall,after=7,times=1", "disconnect,after=7,times=1", "insufficient_resources,after=7,times=1"})
    void shouldSurviveARetryableFaultAndStillStreamEachTokenOnce(String fault) {
        String prompt = "Fault " + fault + " [[sim:tokens=25]] [[sim:fault=" + fault + "]]";
        var request = kafka.approve(WorkerHarness.request("dave", "deepseek-v3.1", prompt, 500));

        List<ChunkEvent> events = awaitEnd(request);

        assertThat(text(events)).isEqualTo(fullAnswer(prompt));
        assertThat(sequence(events)).containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(terminal(events).finishReason()).isEqualTo("stop");
        List<UsageEvent> usage = kafka.usage(request.jobId());
        assertThat(usage.stream().mapToLong(u -> u.tokens().output()).sum()).as("each token billed once").isEqualTo(25);
        assertThat(terminal(events).cost()).isEqualTo(usage.stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus));
    }

    @Test
    void shouldNotHoldUpAJobBehindALongOneOnTheSamePartition() {
        String slowUser = "slow-user";
        String quickUser = userOnSamePartitionAs(slowUser);
        var slow = kafka.approve(WorkerHarness.request(slowUser, "deepseek-v3.1",
                "A long one [[sim:tokens=300]] [[sim:tps=20]]", 1_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.chunks(slow.jobId()).isEmpty());

        var quick = kafka.approve(WorkerHarness.request(quickUser, "deepseek-v3.1", "A short one [[sim:tokens=5]]", 50));

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.ended(quick.jobId()));
        assertThat(kafka.ended(slow.jobId())).as("the long job is still running").isFalse();
        kafka.cancel(slow.jobId(), slowUser);
        awaitEnd(slow);
    }

    @Test
    void shouldQueueAUsersThirdJobUntilOneOfTwoRunningEnds() {
        String user = "busy-user";
        var first = kafka.approve(WorkerHarness.request(user, "deepseek-v3.1", "First [[sim:tokens=60]] [[sim:tps=20]]", 100));
        var second = kafka.approve(WorkerHarness.request(user, "deepseek-v3.1", "Second [[sim:tokens=200]] [[sim:tps=20]]", 300));
        var third = kafka.approve(WorkerHarness.request(user, "deepseek-v3.1", "Third [[sim:tokens=5]]", 50));

        List<ChunkEvent> firstEvents = awaitEnd(first);
        List<ChunkEvent> thirdEvents = awaitEnd(third);

        assertThat(thirdEvents.get(0).at()).as("the third starts only after the first ended")
                .isAfterOrEqualTo(terminal(firstEvents).at());
        assertThat(text(thirdEvents)).isEqualTo(fullAnswer("Third [[sim:tokens=5]]"));
        kafka.cancel(second.jobId(), user);
        awaitEnd(second);
    }

    static String userOnSamePartitionAs(String user) {
        int partition = partitionOf(user);
        for (int i = 0; ; i++) {
            if (partitionOf("quick-user-" + i) == partition) {
                return "quick-user-" + i;
            }
        }
    }

    static int partitionOf(String user) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                user.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % Topics.USER_PARTITIONS;
    }

    @Test
    void shouldDeadLetterAPoisonDecisionAndGoOnWithTheNextJob() {
        kafka.sendRaw(Topics.BUDGET_DECISIONS.name(), "mallory", "{not a decision".getBytes());
        String prompt = "After the poison [[sim:tokens=10]]";
        var request = kafka.approve(WorkerHarness.request("mallory", "deepseek-v3.1", prompt, 100));

        List<ChunkEvent> events = awaitEnd(request);

        assertThat(text(events)).isEqualTo(fullAnswer(prompt));
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.deadLetters().stream()
                .anyMatch(d -> d.topic().equals(Topics.BUDGET_DECISIONS.name()) && "mallory".equals(d.key())
                        && d.error().contains("BudgetDecision") && "generation-worker".equals(d.service())));
    }

    @Test
    void shouldFailAtOnceWithoutRetryWhenTheProviderRefusesTheKey() {
        String prompt = "Unauthorized [[sim:fault=unauthorized]]";
        long before = simulator.stats().requests();
        var request = kafka.approve(WorkerHarness.request("erin", "deepseek-v3.1", prompt, 100));

        List<ChunkEvent> events = awaitEnd(request);

        assertThat(terminal(events).type()).isEqualTo(ChunkType.ERROR);
        assertThat(terminal(events).errorCode()).isEqualTo("provider_unauthorized");
        assertThat(simulator.stats().requests() - before).isEqualTo(1);
        assertThat(kafka.usage(request.jobId())).singleElement().satisfies(u -> assertThat(u.cost()).isEqualTo(Usd.ZERO));
    }

    @Test
    void shouldDowngradeTheOutputCapAndRetryOnceOnA422() {
        String prompt = "Invalid params once [[sim:tokens=20]] [[sim:fault=invalid_params,times=1]]";
        var request = kafka.approve(WorkerHarness.request("frank", "deepseek-v3.1", prompt, 100));

        List<ChunkEvent> events = awaitEnd(request);

        assertThat(text(events)).isEqualTo(fullAnswer(prompt));
        assertThat(events.stream().filter(e -> e.type() == ChunkType.ROUND).map(ChunkEvent::message))
                .containsExactly("downgrade");
        assertThat(worker.getBean(ModelResolver.class).capabilities("deepseek-chat").outputCapPerCall())
                .isEqualTo(4_096);
        // what a call taught is kept until the next capability probe: probe, so other tests get the full cap
        worker.getBean(ModelResolver.class).probe();
    }

    @Test
    void shouldFallBackDownTheChainWhenTheProviderNoLongerServesAModel() {
        String prompt = "Think about it [[sim:tokens=15]]";
        simulator.setModels(List.of("deepseek-chat"));
        var request = kafka.approve(WorkerHarness.request("grace", "deepseek-reasoner", prompt, 2_000));

        List<ChunkEvent> events = awaitEnd(request);

        assertThat(terminal(events).apiModel()).isEqualTo("deepseek-chat");
        assertThat(text(events)).isEqualTo(fullAnswer(prompt));
        assertThat(worker.getBean(MeterRegistry.class).counter("ep_chat_model_fallbacks", "from", "deepseek-reasoner",
                "to", "deepseek-chat").count()).isPositive();
        simulator.setModels(List.of("deepseek-chat", "deepseek-reasoner"));
        worker.getBean(ModelResolver.class).probe();
    }

    @Test
    void shouldStopTheProviderCallAndBillThePartialOutputWhenCancelled() {
        String prompt = "A slow answer to cancel [[sim:tokens=400]] [[sim:tps=40]]";
        var request = kafka.approve(WorkerHarness.request("heidi", "deepseek-v3.1", prompt, 1_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.chunks(request.jobId()).size() >= 5);

        kafka.cancel(request.jobId(), "heidi");

        List<ChunkEvent> events = awaitEnd(request);
        ChunkEvent done = terminal(events);
        assertThat(done.finishReason()).isEqualTo("cancelled");
        long streamed = events.stream().filter(e -> e.type() == ChunkType.DELTA).count();
        assertThat(streamed).isBetween(5L, 399L);
        assertThat(kafka.usage(request.jobId())).singleElement().satisfies(u -> {
            assertThat(u.last()).isTrue();
            assertThat(u.estimated()).isTrue();
            assertThat(u.tokens().output()).isEqualTo(streamed);
        });
        assertThat(done.cost()).isGreaterThan(Usd.ZERO);
    }
}
