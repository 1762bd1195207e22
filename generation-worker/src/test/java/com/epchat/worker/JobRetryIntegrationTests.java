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
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * A job that fails unexpectedly on the worker (its producer refuses one record, as it does when Kafka
 * stayed unreachable beyond its timeout) is taken up again from Kafka after the backoff and still ends
 * with the simulator's whole answer, each chunk once, billed once; a bulk job whose outcome could not be
 * written still yields exactly one. Real broker, simulator over HTTP; the only test double is a
 * producer wrapper that refuses the one record the test names.
 */
class JobRetryIntegrationTests {

    static final Duration BOUND = Duration.ofSeconds(90);

    static DeepSeekSimulator simulator;
    static ConfigurableApplicationContext worker;
    static WorkerHarness kafka;

    @BeforeAll
    static void startWorker() {
        simulator = WorkerTestbed.simulator(500);
        kafka = new WorkerHarness();
        worker = WorkerTestbed.worker(simulator, "WORKER_JOB_RETRY_BACKOFF=200ms")
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public Object postProcessAfterInitialization(Object bean, String name) {
                        return "outputTemplate".equals(name)
                                ? new RefusingOnce((KafkaTemplate<String, byte[]>) bean) : bean;
                    }
                }))
                .run();
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
        kafka.close();
        simulator.close();
    }

    /** The worker's producer, refusing once the record the test names (by topic, key and how many came before). */
    static final class RefusingOnce extends KafkaTemplate<String, byte[]> {

        static volatile String topic;
        static volatile String key;
        static volatile int refuseSend;
        static final AtomicInteger sent = new AtomicInteger();
        static final AtomicInteger refused = new AtomicInteger();

        RefusingOnce(KafkaTemplate<String, byte[]> worker) {
            super(worker.getProducerFactory());
        }

        static void refuse(String topic, String key, int send) {
            sent.set(0);
            refused.set(0);
            RefusingOnce.refuseSend = send;
            RefusingOnce.key = key;
            RefusingOnce.topic = topic;
        }

        @Override
        public CompletableFuture<SendResult<String, byte[]>> send(String topic, String key, byte[] data) {
            if (topic.equals(RefusingOnce.topic) && key.equals(RefusingOnce.key)
                    && sent.incrementAndGet() == refuseSend && refused.getAndIncrement() == 0) {
                throw new TimeoutException("Topic " + topic + " not present in metadata after 60000 ms.");
            }
            return super.send(topic, key, data);
        }
    }

    double retries(String lane) {
        return worker.getBean(MeterRegistry.class).get("ep_chat_job_retries").tag("lane", lane).counter().count();
    }

    @Test
    void shouldTakeAJobThatFailedMidStreamUpAgainAndStreamEachChunkOnceBilledOnce() {
        String prompt = "A job whose worker stumbles [[sim:tokens=40]]";
        GenerationRequested request = WorkerHarness.request("rita", "deepseek-v3.1", prompt, 500);
        RefusingOnce.refuse(Topics.GENERATION_CHUNKS.name(), request.jobId(), 12);
        double retriesBefore = retries("interactive");

        kafka.approve(request);
        await().atMost(BOUND).until(() -> kafka.ended(request.jobId()));

        assertThat(RefusingOnce.refused).as("the failure happened mid-stream").hasValue(1);
        List<ChunkEvent> events = kafka.chunks(request.jobId());
        assertThat(text(events)).isEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt))));
        assertThat(sequence(events)).as("each chunk seq exactly once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events).filteredOn(e -> e.type() == ChunkType.ROUND).extracting(ChunkEvent::message)
                .containsExactly("takeover");
        assertThat(terminal(events).finishReason()).isEqualTo("stop");
        List<UsageEvent> usage = kafka.usage(request.jobId());
        assertThat(usage.stream().mapToLong(u -> u.tokens().output()).sum()).as("each token billed once").isEqualTo(40);
        assertThat(usage.stream().map(UsageEvent::usageId).distinct().count()).isEqualTo(usage.size());
        assertThat(usage).filteredOn(UsageEvent::last).hasSize(1);
        assertThat(terminal(events).cost()).isEqualTo(usage.stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus));
        assertThat(retries("interactive") - retriesBefore).isEqualTo(1.0);
    }

    @Test
    void shouldWriteABulkJobsOutcomeAfterItFailedToBeWrittenTheFirstTimeRetryingOnce() {
        String prompt = "A bulk job whose outcome is refused once [[sim:tokens=20]]";
        GenerationRequested request = WorkerHarness.bulkRequest("sam", prompt, 500);
        RefusingOnce.refuse(Topics.BATCH_OUTCOMES.name(), request.batch().batchId(), 1);
        double retriesBefore = retries("bulk");

        kafka.approveBulk(request);
        await().atMost(BOUND).until(() -> !kafka.outcomes(request.jobId()).isEmpty());

        assertThat(RefusingOnce.refused).hasValue(1);
        // a second write would follow right after the first: give it the time to show up
        await().pollDelay(Duration.ofSeconds(2)).atMost(BOUND).until(() -> true);
        List<Map.Entry<String, BatchItemOutcome>> outcomes = kafka.outcomes(request.jobId());
        // outcomes are at-least-once by contract (a decision redelivered after a rebalance re-sends its
        // ended job's outcome; batch-coordinator drops the copy): every copy must say the same thing
        assertThat(outcomes).isNotEmpty().allSatisfy(o -> {
            assertThat(o.getKey()).isEqualTo(request.batch().batchId());
            assertThat(o.getValue().state()).isEqualTo(JobState.COMPLETED);
            assertThat(o.getValue().output()).isEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user(prompt))));
        });
        assertThat(outcomes.stream().map(o -> o.getValue().cost() + "/" + o.getValue().usage()).distinct()).hasSize(1);
        List<ChunkEvent> events = kafka.chunks(request.jobId());
        assertThat(sequence(events)).containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(kafka.usage(request.jobId()).stream().mapToLong(u -> u.tokens().output()).sum()).isEqualTo(20);
        assertThat(retries("bulk") - retriesBefore).isEqualTo(1.0);
    }
}
