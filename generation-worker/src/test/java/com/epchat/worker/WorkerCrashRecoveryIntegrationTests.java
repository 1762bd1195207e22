package com.epchat.worker;

import static com.epchat.worker.WorkerHarness.sequence;
import static com.epchat.worker.WorkerHarness.terminal;
import static com.epchat.worker.WorkerHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorScript;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.simulator.SimulatorStats;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.UsageEvent;
import com.epchat.worker.intake.DecisionIntake;
import com.epchat.worker.intake.JobScheduler;
import com.epchat.topics.money.Usd;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker killed with SIGKILL in the middle of a job, while a second worker runs: the second takes
 * the job over once the first's session expires, continues the text from what Kafka holds, and the
 * client-visible stream has every chunk once, in order.
 */
class WorkerCrashRecoveryIntegrationTests {

    static final String GROUP = "ep-generation-worker";

    DeepSeekSimulator simulator;
    ConfigurableApplicationContext survivor;
    Process doomed;
    WorkerHarness kafka;

    @AfterEach
    void stopAll() {
        if (doomed != null) {
            doomed.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    static String[] args(String clientId, String simulatorUrl) {
        return new String[] {"--KAFKA_BOOTSTRAP_SERVERS=" + TestKafka.bootstrapServers(),
            "--DEEPSEEK_BASE_URL=" + simulatorUrl, "--GENERATION_WORKER_PORT=0",
            "--spring.kafka.consumer.client-id=" + clientId,
            // a dead worker's partitions move after 6 s instead of 45 s
            "--spring.kafka.consumer.properties.session.timeout.ms=6000",
            "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000"};
    }

    @Test
    void shouldFinishAKilledWorkersJobOnTheOtherWorkerWithEveryChunkOnce() throws Exception {
        simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0).withTokensPerSecond(50)
                .withFirstTokenDelay(Duration.ofMillis(100)));
        kafka = new WorkerHarness();
        doomed = startWorkerProcess(args("doomed-worker", simulator.baseUrl()));
        survivor = GenerationWorkerApplication.builder().run(args("survivor-worker", simulator.baseUrl()));
        String prompt = "A job that outlives its worker [[sim:tokens=300]]";
        SimulatorStats before = simulator.stats();
        JobScheduler survivorJobs = survivor.getBean("decisionIntake", DecisionIntake.class).scheduler();
        GenerationRequested request = null;
        // the group may still move a partition after it looked settled: make sure the job runs on the
        // doomed worker (the survivor runs nothing) before killing it; otherwise try another user
        for (int attempt = 0; attempt < 5 && request == null; attempt++) {
            String user = userOnOneOf(awaitPartitionsOf("doomed-worker"), attempt);
            var candidate = kafka.approve(WorkerHarness.request(user, "deepseek-v3.1", prompt + " " + attempt, 1_000));
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.chunks(candidate.jobId()).size() >= 40);
            if (survivorJobs.active() == 0 && !kafka.ended(candidate.jobId())) {
                request = candidate;
            } else {
                kafka.cancel(candidate.jobId(), user);
                await().atMost(Duration.ofSeconds(60)).until(() -> kafka.ended(candidate.jobId()));
                // the simulator counts what it writes until it notices the cut socket: start counting anew
                // only once its count has stopped moving
                long[] last = {-1};
                await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1)).until(() -> {
                    long now = simulator.stats().completionTokens();
                    boolean same = now == last[0];
                    last[0] = now;
                    return same;
                });
                before = simulator.stats();
            }
        }
        assertThat(request).as("a job ran on the doomed worker").isNotNull();
        String askedFor = request.messages().get(0).content();
        doomed.destroyForcibly().waitFor();
        String jobId = request.jobId();
        await().atMost(Duration.ofSeconds(120)).until(() -> kafka.ended(jobId));

        List<ChunkEvent> events = kafka.chunks(jobId);
        assertThat(text(events)).isEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user(askedFor))));
        assertThat(sequence(events)).as("every chunk once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events).filteredOn(e -> e.type() == ChunkType.ROUND).extracting(ChunkEvent::message)
                .containsExactly("takeover");
        List<UsageEvent> usage = kafka.usage(jobId);
        long billedOutput = usage.stream().mapToLong(u -> u.tokens().output()).sum();
        SimulatorStats after = simulator.stats();
        long providerOutput = after.completionTokens() - before.completionTokens();
        assertThat(billedOutput).as("the tokens the client saw are billed").isEqualTo(300);
        // tokens the simulator wrote into the dead worker's socket before it noticed the connection was gone
        // never reached Kafka; at 50 tokens/s the simulator notices within a second, even on a loaded machine
        assertThat(providerOutput - billedOutput).isBetween(0L, 50L);
        assertThat(usage.stream().map(UsageEvent::usageId).distinct().count()).isEqualTo(usage.size());
        assertThat(usage).filteredOn(UsageEvent::last).hasSize(1);
        assertThat(terminal(events).cost()).isEqualTo(usage.stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus));
    }

    static Process startWorkerProcess(String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-cp",
                System.getProperty("java.class.path"), GenerationWorkerApplication.class.getName()));
        command.addAll(List.of(args));
        File log = Path.of("target", "doomed-worker.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    Set<Integer> awaitPartitionsOf(String clientId) {
        Set<Integer> partitions = new HashSet<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            partitions.clear();
            try (Admin admin = TestKafka.admin()) {
                var group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
                boolean both = group.members().stream().anyMatch(m -> m.clientId().startsWith("survivor-worker"))
                        && group.members().stream().anyMatch(m -> m.clientId().startsWith(clientId));
                // members left by an earlier test class may linger until their session expires and then
                // move partitions: wait until the group is these two workers only, and settled
                boolean onlyThese = group.groupState() == GroupState.STABLE && group.members().stream()
                        .allMatch(m -> m.clientId().startsWith("survivor-worker") || m.clientId().startsWith(clientId));
                for (MemberDescription m : group.members()) {
                    if (m.clientId().startsWith(clientId)) {
                        m.assignment().topicPartitions().stream()
                                .filter(tp -> tp.topic().equals(Topics.BUDGET_DECISIONS.name()))
                                .map(TopicPartition::partition).forEach(partitions::add);
                    }
                }
                return both && onlyThese && !partitions.isEmpty();
            }
        });
        return partitions;
    }

    static String userOnOneOf(Set<Integer> partitions, int attempt) {
        for (int i = 0; ; i++) {
            String user = "crash-user-" + attempt + "-" + i;
            int p = Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % Topics.USER_PARTITIONS;
            if (partitions.contains(p)) {
                return user;
            }
        }
    }
}
