package com.epchat.worker;

import static com.epchat.worker.WorkerHarness.terminal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagEdits;
import com.epchat.flags.FlagEdits.Change;
import com.epchat.flags.testing.LiveFlags;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.FeatureFlags;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.worker.flags.LiveJobRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two workers on a real broker follow the live flags: an emergency rollback reaches both within
 * seconds, without a restart, and changes what a new job does; a job already running finishes under
 * the flags it started with and says so in its {@code done} event.
 */
class WorkerFlagsIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String GROUP = "ep-generation-worker";
    static final FeatureFlags DEFAULTS = EnvironmentFlags.from(name -> null, "test", Instant.now());

    static DeepSeekSimulator simulator;
    static WorkerHarness kafka;
    static LiveFlags flags;
    static List<ConfigurableApplicationContext> workers;

    @BeforeAll
    static void startTwoWorkers() {
        simulator = WorkerTestbed.simulator(50_000);
        kafka = new WorkerHarness();
        flags = new LiveFlags(TestKafka.bootstrapServers());
        workers = List.of(worker(), worker());
        awaitStableGroup();
    }

    /** Both workers' decision consumers (two each) hold partitions: no rebalance will move a job mid-test. */
    static void awaitStableGroup() {
        try (Admin admin = TestKafka.admin()) {
            await().atMost(WAIT).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
                return group.groupState() == GroupState.STABLE && group.members().size() == 4
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    static ConfigurableApplicationContext worker() {
        return WorkerTestbed.worker(simulator, "DEEPSEEK_IDLE_TIMEOUT=2s").run();
    }

    @AfterEach
    void backToTheEnvironmentsFlags() {
        change(current -> FlagEdits.apply(current, DEFAULTS, new Change("test", "reset", Instant.now())));
        awaitOnEveryWorker(f -> f.autoContinuation() && f.extendedContext());
    }

    @AfterAll
    static void stopWorkers() {
        workers.forEach(ConfigurableApplicationContext::close);
        kafka.close();
        simulator.close();
    }

    /** What {@code ./ep} does: a read-modify-write of the flags record. */
    static void change(UnaryOperator<FeatureFlags> edit) {
        flags.change(edit);
    }

    static void awaitOnEveryWorker(Predicate<FeatureFlags> state) {
        LiveFlags.awaitOnEvery(workers, WAIT, state);
    }

    static double gauge(ConfigurableApplicationContext worker, String flag) {
        return LiveFlags.gauge(worker, flag);
    }

    List<ChunkEvent> run(String user, String prompt, int maxTokens) {
        GenerationRequested request = kafka.approve(WorkerHarness.request(user, "deepseek-v3.1", prompt, maxTokens));
        await().atMost(WAIT).until(() -> kafka.ended(request.jobId()));
        return kafka.chunks(request.jobId());
    }

    @Test
    void shouldStopContinuingAndHoldTo64KOnBothWorkersInAnEmergencyAndContinueAgainOnRestore() {
        String prompt = "A report longer than one call [[sim:tokens=9000]]";

        change(current -> FlagEdits.emergency(current, new Change("oncall", "incident 12", Instant.now())));

        awaitOnEveryWorker(f -> !f.autoContinuation() && !f.extendedContext());
        for (ConfigurableApplicationContext worker : workers) {
            assertThat(worker.getBean(LiveJobRules.class).get().catalog().find("deepseek-v3.1").orElseThrow()
                    .contextWindow()).isEqualTo(65_536);
            assertThat(gauge(worker, "auto_continuation")).isZero();
            assertThat(gauge(worker, "model_deepseek-chat")).isEqualTo(1.0);
        }
        ChunkEvent cut = terminal(run("ivan", prompt, 9_000));
        assertThat(cut.finishReason()).isEqualTo("length");
        assertThat(cut.usage().output()).isEqualTo(8_192);
        assertThat(cut.message()).contains("autoContinuation=false").contains("oncall").contains("incident 12");

        change(current -> FlagEdits.restore(current, new Change("oncall", "fixed", Instant.now())));

        awaitOnEveryWorker(f -> f.autoContinuation() && f.extendedContext());
        List<ChunkEvent> continued = run("judy", prompt, 9_000);
        assertThat(terminal(continued).finishReason()).isEqualTo("stop");
        assertThat(terminal(continued).usage().output()).isEqualTo(9_000);
        assertThat(continued).anyMatch(e -> e.type() == ChunkType.ROUND);
        assertThat(terminal(continued).message()).contains("autoContinuation=true");
    }

    @Test
    void shouldFinishARunningJobUnderTheFlagsItStartedWithAndSaySo() {
        // about 15 s for the first call: the flags change well before it ends
        String prompt = "A slow report longer than one call [[sim:tokens=9000]] [[sim:tps=600]]";
        GenerationRequested request = kafka.approve(WorkerHarness.request("kate", "deepseek-v3.1", prompt, 9_000));
        await().atMost(WAIT).until(() -> kafka.chunks(request.jobId()).size() >= 10);

        change(current -> FlagEdits.set(current, List.of("autoContinuation=off"),
                new Change("oncall", "mid-job", Instant.now())));
        awaitOnEveryWorker(f -> !f.autoContinuation());
        assertThat(kafka.chunks(request.jobId())).as("still in its first call when the flag changed")
                .noneMatch(e -> e.type() == ChunkType.ROUND || e.isTerminal());

        await().atMost(WAIT).until(() -> kafka.ended(request.jobId()));
        List<ChunkEvent> events = kafka.chunks(request.jobId());
        ChunkEvent done = terminal(events);
        assertThat(done.finishReason()).isEqualTo("stop");
        assertThat(done.usage().output()).isEqualTo(9_000);
        assertThat(events).anyMatch(e -> e.type() == ChunkType.ROUND);
        assertThat(done.message()).startsWith("flags at start: extendedContext=true autoContinuation=true")
                .endsWith("changed since: autoContinuation true -> false");
    }
}
