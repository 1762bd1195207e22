package com.epchat.bench.worker;

import com.epchat.bench.Percentiles;
import com.epchat.deepseek.ChatMessage;
import com.epchat.deepseek.ChatRequest;
import com.epchat.deepseek.DeepSeekClient;
import com.epchat.deepseek.DeepSeekSettings;
import com.epchat.deepseek.StreamListener;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.money.Usd;
import com.epchat.worker.GenerationWorkerApplication;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * generation-worker's own cost, against the simulator over HTTP and a real broker:
 * <ol>
 *   <li>per chunk: one unpaced 20,000-token stream through the worker (delta → chunk event on Kafka)
 *       against the same DeepSeek client reading the same stream with no Kafka at all;
 *   <li>concurrency: N jobs at once at a realistic 40 tokens/s (200 tokens each), for rising N, with
 *       how long each job took against its ideal (first-token delay + 200/40 s).
 * </ol>
 * <pre>./mvnw -q -pl bench -am -DskipTests package exec:java -Dexec.mainClass=com.epchat.bench.worker.WorkerStreamsBench [-Dexec.args="100 300 600 1000"]</pre>
 */
public final class WorkerStreamsBench {

    static final int TOKENS = 200;
    static final double TPS = 40;
    static final Duration TTFT = Duration.ofMillis(300);

    public static void main(String[] args) throws Exception {
        List<Integer> levels = new ArrayList<>();
        for (String a : args) {
            levels.add(Integer.parseInt(a));
        }
        if (levels.isEmpty()) {
            levels = List.of(100, 300, 600, 1000);
        }
        try (Admin admin = TestKafka.admin()) {
            TopicCreator.createMissing(admin, Topics.all());
        }
        try (DeepSeekSimulator simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                .withTokensPerSecond(TPS).withFirstTokenDelay(TTFT))) {
            perChunk(simulator);
            for (int n : levels) {
                concurrent(simulator, n);
            }
        }
        System.exit(0);
    }

    static void perChunk(DeepSeekSimulator simulator) throws Exception {
        int tokens = 20_000;
        String prompt = "Per-chunk overhead [[sim:tokens=" + tokens + "]] [[sim:tps=0]] [[sim:ttft_ms=0]]";
        DeepSeekClient client = new DeepSeekClient(DeepSeekSettings.of(URI.create(simulator.baseUrl()), "bench"));
        long direct = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            client.stream(new ChatRequest("deepseek-chat", List.of(ChatMessage.user(prompt + " " + i)), 8_192),
                    StreamListener.ignoring());
            direct = System.nanoTime() - t0;
        }
        try (var worker = startWorker(simulator, 4); var reader = new ChunkReader()) {
            GenerationRequested job = null;
            long viaWorker = 0;
            for (int i = 0; i < 3; i++) {
                job = request("per-chunk-" + i, prompt + " " + i, 8_192);
                long t0 = System.nanoTime();
                reader.publish(job);
                reader.awaitDone(List.of(job.jobId()), Duration.ofMinutes(5));
                viaWorker = System.nanoTime() - t0;
            }
            System.out.printf("%nPer chunk (8,192 unpaced tokens, last of 3 runs, simulator in the same JVM)%n");
            System.out.printf("  DeepSeek client alone        : %6.1f µs/chunk (%,.0f chunks/s)%n", direct / 8_192e3,
                    8_192 / (direct / 1e9));
            System.out.printf("  through the worker to Kafka  : %6.1f µs/chunk (%,.0f chunks/s)%n", viaWorker / 8_192e3,
                    8_192 / (viaWorker / 1e9));
            System.out.printf("  worker overhead              : %6.1f µs/chunk%n", (viaWorker - direct) / 8_192e3);
        }
    }

    static void concurrent(DeepSeekSimulator simulator, int n) throws Exception {
        try (var worker = startWorker(simulator, n); var reader = new ChunkReader()) {
            List<String> jobs = new ArrayList<>();
            Instant start = Instant.now();
            for (int i = 0; i < n; i++) {
                GenerationRequested job = request("user-" + n + "-" + i, "Concurrent job " + i + " of " + n
                        + " [[sim:tokens=" + TOKENS + "]]", 1_000);
                jobs.add(job.jobId());
                reader.publish(job);
            }
            boolean all = reader.awaitDone(jobs, Duration.ofMinutes(3));
            List<Long> durations = new ArrayList<>(reader.durations(jobs, start).values());
            Runtime rt = Runtime.getRuntime();
            double ideal = TTFT.toMillis() + TOKENS / TPS * 1000;
            Percentiles p = Percentiles.ofNanos(durations);
            System.out.printf("%n%,d concurrent streams at %.0f tokens/s, %d tokens each (ideal %.0f ms): %s%n", n, TPS,
                    TOKENS, ideal, all ? "all completed" : "NOT ALL COMPLETED");
            System.out.println("  job duration " + p);
            System.out.printf("  p99 stretch %.1f %%, heap in use %d MiB (whole JVM: broker, simulator, worker)%n",
                    (p.p99() / ideal - 1) * 100, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
    }

    static ConfigurableApplicationContext startWorker(DeepSeekSimulator simulator, int streams) {
        return GenerationWorkerApplication.builder().run(
                "--KAFKA_BOOTSTRAP_SERVERS=" + TestKafka.bootstrapServers(),
                "--DEEPSEEK_BASE_URL=" + simulator.baseUrl(),
                "--GENERATION_WORKER_PORT=0",
                "--RL_MAX_ACTIVE_STREAMS=" + streams,
                "--RL_MAX_CONCURRENCY_PER_USER=1");
    }

    static GenerationRequested request(String user, String prompt, int maxTokens) {
        return new GenerationRequested(UUID.randomUUID().toString(), user, "deepseek-v3.1",
                List.of(com.epchat.topics.event.ChatMessage.user(prompt)), maxTokens, true, Lane.INTERACTIVE, null,
                Instant.now());
    }

    /** Publishes decisions and follows the chunk topic until the jobs are done. */
    static final class ChunkReader implements AutoCloseable {

        final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        final KafkaConsumer<String, ChunkEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                Topics.GENERATION_CHUNKS.keySerde().deserializer(), Topics.GENERATION_CHUNKS.valueSerde().deserializer());
        final Map<String, Long> doneAt = new ConcurrentHashMap<>();

        ChunkReader() {
            consumer.subscribe(List.of(Topics.GENERATION_CHUNKS.name()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
        }

        void publish(GenerationRequested job) {
            BudgetDecision d = BudgetDecision.approve(job, Usd.of("1"), Usd.ZERO, Instant.now());
            producer.send(new ProducerRecord<>(Topics.BUDGET_DECISIONS.name(), job.userId(),
                    Topics.BUDGET_DECISIONS.valueSerde().serializer().serialize(Topics.BUDGET_DECISIONS.name(), d)));
        }

        boolean awaitDone(List<String> jobs, Duration timeout) {
            producer.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value() != null && r.value().isTerminal()) {
                        doneAt.putIfAbsent(r.key(), System.nanoTime());
                    }
                });
                if (doneAt.keySet().containsAll(jobs)) {
                    return true;
                }
            }
            return false;
        }

        Map<String, Long> durations(List<String> jobs, Instant start) {
            long startNanos = System.nanoTime() - Duration.between(start, Instant.now()).toNanos();
            Map<String, Long> out = new ConcurrentHashMap<>();
            jobs.forEach(j -> {
                Long end = doneAt.get(j);
                if (end != null) {
                    out.put(j, end - startNanos);
                }
            });
            return out;
        }

        @Override
        public void close() {
            producer.close();
            consumer.close();
        }
    }
}
