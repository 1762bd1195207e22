package com.epchat.bench.relay;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A plain consumer of {@code ep.generation.chunks} in the benchmark's JVM, configured as the relay's:
 * when it sees chunk k of a job tells how much of the added latency is Kafka's and how much the relay's.
 */
final class KafkaProbe implements AutoCloseable {

    private final Map<String, LiveStreams.Job> jobs = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    KafkaProbe() {
        thread = new Thread(this::run, "kafka-probe");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(LiveStreams.Job job) {
        jobs.put(job.jobId, job);
    }

    private void run() {
        try (var consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "relay-bench-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), Topics.GENERATION_CHUNKS.keySerde().deserializer(),
                Topics.GENERATION_CHUNKS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.GENERATION_CHUNKS.name()));
            while (running) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    LiveStreams.Job job = jobs.get(r.key());
                    ChunkEvent e = r.value();
                    if (job != null && e != null && e.seq() < job.consumed.length) {
                        job.consumed[(int) e.seq()] = now;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
