package com.epchat.bench.relay;

import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * N live jobs at once, each read twice by the same client ({@link SseLines}): straight from the
 * simulator, where every content chunk is also published to {@code ep.generation.chunks} the moment
 * it is read (as generation-worker does), and through ingest-api's {@code /api/jobs/{id}/events}.
 * The difference of the two arrival times of chunk k is what the Kafka hop and the relay add.
 */
final class LiveStreams {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One job: when each chunk was read from the simulator and from ingest-api. */
    static final class Job {
        final String jobId;
        final long[] direct;
        final long[] relayed;
        /** When a plain Kafka consumer in this JVM saw chunk k: splits the added latency into Kafka and relay. */
        final long[] consumed;
        final CompletableFuture<Void> relayedDone = new CompletableFuture<>();
        int seq;
        long eventId;
        String eventName;

        Job(String jobId, int tokens) {
            this.jobId = jobId;
            this.direct = new long[tokens + 2];
            this.relayed = new long[tokens + 2];
            this.consumed = new long[tokens + 2];
        }
    }

    private final HttpClient http;
    private final SseLines.Client client;
    private final KafkaProducer<String, byte[]> producer;
    private final URI ingest;
    private final URI simulator;
    private final String apiKey;
    private final KafkaProbe probe;

    LiveStreams(HttpClient http, SseLines.Client client, KafkaProducer<String, byte[]> producer, URI ingest,
            URI simulator, String apiKey, KafkaProbe probe) {
        this.probe = probe;
        this.http = http;
        this.client = client;
        this.producer = producer;
        this.ingest = ingest;
        this.simulator = simulator;
        this.apiKey = apiKey;
    }

    /**
     * Runs {@code jobs} (already RUNNING on the status topic) to their end; returns them with their
     * timings. {@code emitting} runs once every stream is open and live, just before the first token is asked for.
     */
    List<Job> run(List<String> jobIds, int tokens, Duration startSpread, Runnable emitting) throws Exception {
        List<Job> jobs = new ArrayList<>();
        List<SseLines> streams = new ArrayList<>();
        for (String id : jobIds) {
            Job job = new Job(id, tokens);
            jobs.add(job);
            probe.watch(job);
            streams.add(client.jobEvents(ingest, id, apiKey, (line, nanos) -> relayed(job, line, nanos)));
        }
        for (SseLines s : streams) {
            if (s.status().get(60, TimeUnit.SECONDS) != 200) {
                throw new IllegalStateException("ingest-api refused a stream");
            }
        }
        // per-chunk latency of live streams, not of opening a thousand at once: wait until none replays
        long opened = System.nanoTime();
        SseRelayBench.awaitGauge(http, ingest, "ep_chat_sse_catching_up_streams", 0, Duration.ofSeconds(600));
        System.out.printf("  %d streams caught up (history read) in %d ms; history reads: %s%n", jobIds.size(),
                (System.nanoTime() - opened) / 1_000_000, SseRelayBench.historyReads(http, ingest));
        emitting.run();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            // first tokens spread over startSpread, as users do not all press enter at once
            long ttft = 300 + startSpread.toMillis() * i / Math.max(1, jobs.size());
            String body = """
                    {"model":"deepseek-chat","stream":true,"max_tokens":%d,"messages":[{"role":"user",
                    "content":"relay bench %s [[sim:tokens=%d]] [[sim:ttft_ms=%d]]"}]}"""
                    .formatted(tokens + 10, job.jobId, tokens, ttft);
            streams.add(client.completion(simulator, body, (line, nanos) -> direct(job, line, nanos)));
        }
        CompletableFuture.allOf(jobs.stream().map(j -> j.relayedDone).toArray(CompletableFuture[]::new))
                .get(300, TimeUnit.SECONDS);
        streams.forEach(SseLines::close);
        return jobs;
    }

    /** A simulator line: a content chunk is timed and published at once, as the worker's JobOutput does. */
    private void direct(Job job, String line, long nanos) {
        if (!line.startsWith("data: {")) {
            return;
        }
        String content = content(line);
        synchronized (job) {
            if (!content.isEmpty()) {
                int seq = ++job.seq;
                job.direct[seq] = nanos;
                send(job.jobId, ChunkEvent.delta(job.jobId, seq, 1, content, null, Instant.now()));
            }
            if (line.contains("\"finish_reason\":\"")) {
                send(job.jobId, ChunkEvent.done(job.jobId, job.seq + 1, 1, "stop", TokenUsage.NONE, Usd.ZERO,
                        "deepseek-chat", Instant.now()));
            }
        }
    }

    /** The delta's content: found by hand, JSON only when it has escapes (this JVM is the load generator). */
    static String content(String line) {
        int at = line.indexOf("\"content\":\"");
        if (at < 0) {
            return "";
        }
        int from = at + 11;
        int to = line.indexOf('"', from);
        String raw = line.substring(from, to);
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        JsonNode choice = JSON.readTree(line.substring(6)).path("choices").path(0);
        return choice.path("delta").path("content").asString("");
    }

    private void relayed(Job job, String line, long nanos) {
        synchronized (job) {
            if (line.startsWith("id: ")) {
                job.eventId = Long.parseLong(line.substring(4));
            } else if (line.startsWith("event: ")) {
                job.eventName = line.substring(7);
            } else if (line.startsWith("data: ") && job.eventId > 0) {
                if ("chunk".equals(job.eventName)) {
                    job.relayed[(int) job.eventId] = nanos;
                } else if ("done".equals(job.eventName)) {
                    job.relayedDone.complete(null);
                }
            } else if (line.isEmpty()) {
                job.eventId = 0;
                job.eventName = null;
            }
        }
    }

    private void send(String jobId, ChunkEvent event) {
        byte[] value = Topics.GENERATION_CHUNKS.valueSerde().serializer().serialize(Topics.GENERATION_CHUNKS.name(),
                event);
        producer.send(new ProducerRecord<>(Topics.GENERATION_CHUNKS.name(), jobId, value));
    }
}
