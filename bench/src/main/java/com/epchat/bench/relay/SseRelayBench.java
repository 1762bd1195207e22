package com.epchat.bench.relay;

import com.epchat.bench.BrokerProcess;
import com.epchat.bench.ChildJvm;
import com.epchat.bench.Percentiles;
import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import com.epchat.worker.config.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The SSE relay under load, side by side with the same client reading the simulator directly, in one run:
 * <ol>
 *   <li>per-chunk latency the pipeline adds with N live streams at once (default 1,000 at 40 tokens/s):
 *       each chunk is read from the simulator and published to Kafka at once by a producer set as
 *       generation-worker's (what it does per delta; its own cost is measured by {@code WorkerStreamsBench}),
 *       and read again through ingest-api; added = relayed arrival − direct arrival, per chunk;
 *   <li>idle streams one instance holds (default 10,000) and its heap after a full GC, ingest-api and the
 *       simulator each in a JVM of its own with {@code -Xmx1g}.
 * </ol>
 * Everything on loopback, each server in a JVM of its own: the broker (a real KRaft node), ingest-api,
 * the simulator; this JVM is the clients and the stand-in worker.
 * <pre>./mvnw -q -pl bench -am -DskipTests package exec:java -Dexec.mainClass=com.epchat.bench.relay.SseRelayBench [-Dexec.args="1000 10000 40 200"]</pre>
 * Each child writes its GC pauses to {@code target/relay-bench/<name>-gc.log}. What-if runs (none changes the
 * shipped configuration): {@code -Dbench.jvmopts="-XX:+UseZGC"} for every child's JVM,
 * {@code -Drelaybench.ingest.env="K=V;K=V"} for ingest-api's environment, and
 * {@code -Drelaybench.worker.linger.ms} for the stand-in worker's producer (generation-worker's own by default).
 * {@code -Drelaybench.probe=true} adds a plain Kafka consumer that splits the added latency into the Kafka hop and
 * the relay, at the cost of its own load ({@code -Drelaybench.probe.fetch.min.bytes} / {@code .fetch.max.wait.ms}).
 */
public final class SseRelayBench {


    public static void main(String[] args) throws Exception {
        int live = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int tps = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        String key = ApiKeyTool.newKey();
        Path logs = Files.createDirectories(Path.of("target", "relay-bench"));
        int brokerPort = ChildJvm.freePort();
        String bootstrap = "localhost:" + brokerPort;
        int ingestPort = ChildJvm.freePort();
        int simulatorPort = ChildJvm.freePort();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        Path data = Files.createTempDirectory("relay-bench-kafka");
        try (ChildJvm broker = ChildJvm.start("kafka", BrokerProcess.class.getName(), "768m", Map.of(),
                        logs.resolve("kafka.log"), data.toString(), Integer.toString(brokerPort)).removingOnClose(data)) {
            try (Admin admin = BrokerProcess.awaitAdmin(bootstrap, broker)) {
                TopicCreator.createMissing(admin, Topics.all());
            }
            run(live, idle, tps, tokens, key, logs, bootstrap, ingestPort, simulatorPort, http, broker);
        }
        System.exit(0);
    }

    private static void run(int live, int idle, int tps, int tokens, String key, Path logs, String bootstrap,
            int ingestPort, int simulatorPort, HttpClient http, ChildJvm broker) throws Exception {
        Map<String, String> ingestEnv = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap, "INGEST_API_PORT", "" + ingestPort,
                "EP_API_KEYS", ApiKeys.entry(key, "bench", Set.of(Role.USER))));
        for (String kv : System.getProperty("relaybench.ingest.env", "").split(";")) {
            if (kv.contains("=")) {
                ingestEnv.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        try (ChildJvm ingest = ChildJvm.start("ingest-api", "com.epchat.ingest.IngestApiApplication", "1g", ingestEnv,
                        logs.resolve("ingest-api.log"));
                ChildJvm simulator = ChildJvm.start("simulator", "com.epchat.simulator.SimulatorApplication", "1g",
                        Map.of("SIMULATOR_PORT", "" + simulatorPort, "SIMULATOR_TOKENS_PER_SECOND", "" + tps,
                                "SIMULATOR_KEEP_ALIVE_MS", "15000"), logs.resolve("simulator.log"));
                KafkaProducer<String, byte[]> producer = workerLikeProducer(bootstrap);
                KafkaProbe probe = new KafkaProbe(bootstrap);
                SseLines.Client client = new SseLines.Client()) {
            URI ingestUri = URI.create("http://localhost:" + ingestPort);
            URI simulatorUri = URI.create("http://localhost:" + simulatorPort);
            awaitUp(http, ingestUri.resolve("/health"), ingest);
            awaitUp(http, simulatorUri.resolve("/actuator/health"), simulator);
            var streams = new LiveStreams(http, client, producer, ingestUri, simulatorUri, key, probe);

            System.out.printf("%nwarm-up: 50 live streams%n");
            streams.run(runningJobs(producer, 50), tokens, Duration.ofSeconds(1), () -> { });
            System.out.printf("live: %d streams at once, %d tokens each at %d tokens/s%n", live, tokens, tps);
            Duration[] cpu = new Duration[4];
            List<LiveStreams.Job> jobs = streams.run(runningJobs(producer, live), tokens, Duration.ofSeconds(2), () -> {
                // CPU from the first token on: the relaying, not the opening of a thousand streams
                cpu[0] = ingest.cpu();
                cpu[1] = simulator.cpu();
                cpu[2] = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
                cpu[3] = broker.cpu();
            });
            reportLive(jobs, tokens, tps);
            System.out.printf("  history reads after the live phase: %s%n", historyReads(http, ingestUri));
            long chunks = (long) live * tokens;
            System.out.printf("  CPU per chunk: ingest-api %.1f µs, simulator %.1f µs, Kafka broker %.1f µs, this JVM "
                    + "(clients, stand-in worker) %.1f µs%n", micros(ingest.cpu().minus(cpu[0]), chunks),
                    micros(simulator.cpu().minus(cpu[1]), chunks), micros(broker.cpu().minus(cpu[3]), chunks),
                    micros(ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(cpu[2]), chunks));

            long ingestBase = ingest.heapUsedAfterGc();
            long simulatorBase = simulator.heapUsedAfterGc();
            System.out.printf("%nidle: %d streams on ingest-api%n", idle);
            List<Function<SseLines.Listener, SseLines>> toIngest = new ArrayList<>();
            for (String id : runningJobs(producer, idle)) {
                toIngest.add(listener -> client.jobEvents(ingestUri, id, key, listener));
            }
            long ingestHeld;
            int ingestBeating;
            try (IdleStreams held = IdleStreams.open(toIngest, l -> l.startsWith("retry:"),
                    l -> l.equals(": heartbeat"))) {
                ingestBeating = held.awaitHeartbeats(Duration.ofSeconds(45));
                // every history read done: one in flight (its fetch buffers) is not what a held stream costs
                awaitGauge(http, ingestUri, "ep_chat_sse_catching_up_streams", 0, Duration.ofSeconds(600));
                ingestHeld = ingest.heapUsedAfterGc();
                if (Boolean.getBoolean("relaybench.histogram")) {
                    Files.writeString(logs.resolve("ingest-api-histogram.txt"), ingest.histogram());
                }
                System.out.printf("  active streams (ingest-api's gauge): %.0f%n", activeStreams(http, ingestUri));
            }
            long freeing = System.nanoTime();
            while (activeStreams(http, ingestUri) > 0 && System.nanoTime() - freeing < Duration.ofSeconds(120).toNanos()) {
                Thread.sleep(100);
            }
            Duration freed = Duration.ofNanos(System.nanoTime() - freeing);
            System.out.printf("  all %d clients left: gauge at %.0f after %d ms%n", idle, activeStreams(http, ingestUri),
                    freed.toMillis());

            System.out.printf("idle: %d streams on the simulator (before their first token)%n", idle);
            List<Function<SseLines.Listener, SseLines>> toSimulator = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                String body = """
                        {"model":"deepseek-chat","stream":true,"max_tokens":10,"messages":[{"role":"user",
                        "content":"idle %d [[sim:ttft_ms=600000]]"}]}""".formatted(i);
                toSimulator.add(listener -> client.completion(simulatorUri, body, listener));
            }
            long simulatorHeld;
            int simulatorBeating;
            try (IdleStreams held = IdleStreams.open(toSimulator, l -> l.startsWith(": keep-alive"),
                    l -> l.startsWith(": keep-alive"))) {
                // the first keep-alive opens the stream; the next one, 15 s later, shows it is still served
                simulatorBeating = held.awaitHeartbeats(Duration.ofSeconds(45));
                simulatorHeld = simulator.heapUsedAfterGc();
            }
            System.out.printf("%n| server (-Xmx1g) | idle streams held | still beating | heap after GC, idle | "
                    + "heap after GC, holding | per stream |%n|---|---|---|---|---|---|%n");
            row("ingest-api (SSE relay)", idle, ingestBeating, ingestBase, ingestHeld);
            row("simulator (Reactor Netty)", idle, simulatorBeating, simulatorBase, simulatorHeld);
        }
    }

    static void reportLive(List<LiveStreams.Job> jobs, int tokens, int tps) {
        List<Long> added = new ArrayList<>();
        List<Long> kafka = new ArrayList<>();
        List<Long> relay = new ArrayList<>();
        List<Long> directGaps = new ArrayList<>();
        long period = 1_000_000_000L / tps;
        int missing = 0;
        for (LiveStreams.Job job : jobs) {
            for (int k = 1; k <= tokens; k++) {
                if (job.direct[k] == 0 || job.relayed[k] == 0) {
                    missing++;
                    continue;
                }
                added.add(job.relayed[k] - job.direct[k]);
                if (job.consumed[k] != 0) {
                    kafka.add(job.consumed[k] - job.direct[k]);
                    relay.add(job.relayed[k] - job.consumed[k]);
                }
                if (k > 1) {
                    directGaps.add(Math.abs(job.direct[k] - job.direct[k - 1] - period));
                }
            }
        }
        System.out.printf("  chunks compared: %d (missing %d)%n", added.size(), missing);
        System.out.println("  added by Kafka + relay (relayed − direct) : " + Percentiles.ofNanos(added));
        if (KafkaProbe.enabled()) {
            System.out.println("    of which to a plain consumer in this JVM  : " + Percentiles.ofNanos(kafka));
            System.out.println("    of which from there to the SSE client     : " + Percentiles.ofNanos(relay));
        }
        System.out.println("  direct read, deviation from the token period: " + Percentiles.ofNanos(directGaps));
    }

    static double micros(Duration cpu, long chunks) {
        return cpu.toNanos() / 1_000.0 / chunks;
    }

    static void row(String server, int streams, int beating, long base, long held) {
        System.out.printf("| %s | %d | %d | %d MiB | %d MiB | %.1f KiB |%n", server, streams, beating, base >> 20,
                held >> 20, (held - base) / 1024.0 / streams);
    }

    /** {@code n} jobs of user bench, RUNNING on ep.job.status: ingest-api will serve their events. */
    static List<String> runningJobs(KafkaProducer<String, byte[]> producer, int n) {
        List<String> ids = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            JobStatus status = new JobStatus(id, "bench", JobState.RUNNING, "deepseek-v3.1", "deepseek-chat", 1, 0, 0,
                    TokenUsage.NONE, Usd.ZERO, null, null, now, now);
            producer.send(new ProducerRecord<>(Topics.JOB_STATUS.name(), id,
                    Topics.JOB_STATUS.valueSerde().serializer().serialize(Topics.JOB_STATUS.name(), status)));
        }
        producer.flush();
        return ids;
    }

    /** As generation-worker's output producer: idempotent, every replica acknowledges, its linger. */
    static KafkaProducer<String, byte[]> workerLikeProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG,
                Integer.getInteger("relaybench.worker.linger.ms", WorkerConfig.OUTPUT_LINGER_MS)),
                new StringSerializer(), new ByteArraySerializer());
    }

    static double activeStreams(HttpClient http, URI ingest) throws Exception {
        return gauge(http, ingest, "ep_chat_sse_active_streams");
    }

    /** A gauge of ingest-api's Prometheus text. */
    static double gauge(HttpClient http, URI ingest, String name) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(ingest.resolve("/api/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** Count and mean of ingest-api's history page reads so far. */
    static String historyReads(HttpClient http, URI ingest) throws Exception {
        double count = gauge(http, ingest, "ep_chat_relay_history_reads_seconds_count");
        double sum = gauge(http, ingest, "ep_chat_relay_history_reads_seconds_sum");
        return String.format("%.0f, mean %.1f ms", count, count == 0 ? 0 : sum / count * 1000);
    }

    static void awaitGauge(HttpClient http, URI ingest, String name, double value, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (gauge(http, ingest, name) != value) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not reach " + value + " in " + bound);
            }
            Thread.sleep(100);
        }
    }

    static void awaitUp(HttpClient http, URI health, ChildJvm jvm) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && jvm.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(health + " did not come up");
    }

}
