package com.epchat.bench.relay;

import com.epchat.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain consumer of {@code ep.generation.chunks} in the benchmark's JVM:
 * when it sees chunk k of a job tells how much of the added latency is Kafka's and how much the relay's.
 * Off unless {@code -Drelaybench.probe=true}: a third consumer of every chunk is load the pipeline does not
 * have, and on two vCPUs it alone lifted the added p99 by tens of milliseconds (BENCHMARKS.md, issue 5).
 */
final class KafkaProbe implements AutoCloseable {

    private final Map<String, LiveStreams.Job> jobs = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private final String bootstrap;

    KafkaProbe(String bootstrap) {
        this.bootstrap = bootstrap;
        if (enabled()) {
            Thread thread = new Thread(this::run, "kafka-probe");
            thread.setDaemon(true);
            thread.start();
        }
    }

    static boolean enabled() {
        return Boolean.getBoolean("relaybench.probe");
    }

    void watch(LiveStreams.Job job) {
        jobs.put(job.jobId, job);
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "relay-bench-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.getInteger("relaybench.probe.fetch.min.bytes", 1));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                Integer.getInteger("relaybench.probe.fetch.max.wait.ms", 500));
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.GENERATION_CHUNKS.name()));
            while (running) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    LiveStreams.Job job = jobs.get(r.key());
                    int seq = job == null ? -1 : seqOf(r.value());
                    if (seq > 0 && seq < job.consumed.length) {
                        job.consumed[seq] = now;
                    }
                }
            }
        }
    }

    /** The event's sequence number, read without a JSON parser (this probe must cost the benchmark little). */
    private static int seqOf(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        int at = json.indexOf("\"seq\":");
        if (at < 0) {
            return -1;
        }
        int end = at + 6;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(at + 6, end));
    }

    @Override
    public void close() {
        running = false;
    }
}
