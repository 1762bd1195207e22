package com.epchat.bench.budget;

import com.epchat.bench.Percentiles;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A steady open-loop load of generation requests and the decisions that come back. Request {@code i}
 * is due at {@code start + i/rate}; its latency runs from that due time (not from when the producer got
 * round to it, so a stalled producer cannot hide a stall) to when a read_committed consumer of
 * {@code ep.budget.decisions} receives its decision, as ingest-api's request-reply does. The due time
 * rides in a header, which the guard carries to the decision like the correlation id.
 */
final class DecisionLoad {

    static final String SENT = "bench-due-nanos";
    private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("测试v3.1功能"));
    /** {@code -Dbudgetbench.probe=true}: split each latency at the guard's decision ({@link Probe}). */
    private static final boolean PROBE = Boolean.getBoolean("budgetbench.probe");
    /**
     * The load's producer and the decision consumer stand in for ingest-api's, so they take its socket
     * buffers (spring.kafka.properties in ingest-api.yml): the kernel's, autotuned.
     */
    private static final Map<String, Object> INGEST_SOCKETS = Map.of("receive.buffer.bytes", -1,
            "send.buffer.bytes", -1);
    /** The load goes on this long after the measured window ({@link #run}). */
    private static final Duration TAIL = Duration.ofSeconds(2);

    /** What one measured window gave. */
    record Measured(long sent, long decided, long inWindow, double decisionsPerSecond, List<Long> latencies,
            long missing) {
    }

    private final String bootstrap;
    private final int users;

    DecisionLoad(String bootstrap, int users) {
        this.bootstrap = bootstrap;
        this.users = users;
    }

    /**
     * Returns once the guard decides: a request every half second until a decision comes back (the
     * guard has joined its group, restored its stores and runs), or fails after {@code max}.
     */
    void awaitDecisions(Duration max, GuardUnderTest guard) {
        try (KafkaConsumer<String, byte[]> consumer = decisionConsumer();
                KafkaProducer<String, GenerationRequested> producer = producer()) {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline && guard.isAlive()) {
                producer.send(new ProducerRecord<>(Topics.GENERATION_REQUESTS.name(), "bench-ready",
                        request("bench-ready")));
                if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                    return;
                }
            }
        }
        throw new IllegalStateException("the guard gave no decision within " + max + ", see its log");
    }

    /**
     * Warm-up, a measured window, then {@link #TAIL} more of the same load, so that the window's last
     * requests are decided under load like its first: with no request behind it, a stream thread holds a
     * finished request's commit until its poll times out, which a steady service never does.
     */
    Measured run(int rate, Duration warmUp, Duration measured, Duration drain) throws InterruptedException {
        KafkaConsumer<String, byte[]> consumer = decisionConsumer();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 200_000_000L;
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        long total = (warmUp.plus(measured).plus(TAIL).toNanos()) / period;
        Thread producer = new Thread(() -> produce(start, period, total), "bench-load");
        producer.start();
        List<Long> latencies = new ArrayList<>();
        long[] worstBySecond = new long[(int) Math.ceil(measured.toNanos() / 1e9)];
        Probe probe = new Probe(windowStart, windowEnd);
        long decided = 0;
        long receivedInWindow = 0;
        long drainUntil = windowEnd + TAIL.toNanos() + drain.toNanos();
        while (System.nanoTime() < drainUntil && decided < total) {
            for (var record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                Header sent = record.headers().lastHeader(SENT);
                if (sent == null) {
                    continue;
                }
                long due = ByteBuffer.wrap(sent.value()).getLong();
                decided++;
                if (due >= windowStart && due < windowEnd) {
                    latencies.add(now - due);
                    int second = (int) ((due - windowStart) / 1_000_000_000L);
                    worstBySecond[second] = Math.max(worstBySecond[second], now - due);
                }
                if (PROBE) {
                    probe.add(due, record.timestamp(), record.value(), now);
                }
                if (now >= windowStart && now < windowEnd) {
                    receivedInWindow++;
                }
            }
        }
        producer.join();
        consumer.close();
        if (PROBE) {
            probe.print();
        }
        printWorstSeconds(worstBySecond, windowStart);
        double perSecond = receivedInWindow / (measured.toNanos() / 1e9);
        return new Measured(total, decided, latencies.size(), perSecond, latencies, total - decided);
    }

    /**
     * The window's three seconds with the slowest decision, by due time on the wall clock, to find a stall
     * in the guard's, the broker's and their collectors' logs (the probe splits latencies; this costs nothing).
     */
    private static void printWorstSeconds(long[] worstBySecond, long windowStart) {
        long wallAtWindowStart = System.currentTimeMillis() - (System.nanoTime() - windowStart) / 1_000_000L;
        String worst = IntStream.range(0, worstBySecond.length).boxed()
                .sorted(Comparator.comparingLong((Integer second) -> worstBySecond[second]).reversed()).limit(3)
                .map(second -> String.format("%s max %.1f ms",
                        LocalTime.ofInstant(Instant.ofEpochMilli(wallAtWindowStart + second * 1000L),
                                ZoneId.systemDefault())
                                .truncatedTo(ChronoUnit.SECONDS), worstBySecond[second] / 1e6))
                .collect(Collectors.joining("; "));
        System.out.println("    worst seconds (requests due then): " + worst);
    }

    private void produce(long start, long period, long total) {
        try (KafkaProducer<String, GenerationRequested> producer = producer()) {
            for (long i = 0; i < total; i++) {
                long due = start + i * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                String user = "bench-user-" + (i % users);
                var record = new ProducerRecord<>(Topics.GENERATION_REQUESTS.name(), user, request(user));
                record.headers().add(SENT, ByteBuffer.allocate(Long.BYTES).putLong(due).array());
                producer.send(record);
            }
        }
    }

    /**
     * Where a measured decision's time went: from its due time to its send (the load's producer), from its
     * send to the guard's {@code decidedAt} (the request's produce, the guard's fetch and queue, its
     * processing), and from there to its arrival (the guard's commit, the transaction's markers, the
     * read_committed fetch); then, for each second of the window, the latency's p99, each part's maximum
     * and when the worst decision was decided (to find it in the guard's and the broker's logs), to tell a
     * steady tail from stalls. The send time is the request's record timestamp, which the guard's decision
     * carries. Millisecond clocks: each part is ±1 ms.
     */
    private static final class Probe {

        private final long windowStart;
        private final long windowEnd;
        // wall-clock nanoseconds on this JVM's nanoTime scale
        private final long wallOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        private final List<Long> beforeSent = new ArrayList<>();
        private final List<Long> beforeDecided = new ArrayList<>();
        private final List<Long> afterDecided = new ArrayList<>();
        private final TreeMap<Long, Second> bySecond = new TreeMap<>();
        private final Deserializer<BudgetDecision> decisions = Topics.BUDGET_DECISIONS.valueSerde().deserializer();

        Probe(long windowStart, long windowEnd) {
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        /** @param sentMillis the decision's timestamp: its request's, set when the load's producer took it */
        void add(long due, long sentMillis, byte[] decision, long received) {
            // parsed from the warm-up on, so that the window's first second does not time the parser's first use
            Instant decidedAt = decisions.deserialize(Topics.BUDGET_DECISIONS.name(), decision).decidedAt();
            if (due < windowStart || due >= windowEnd) {
                return;
            }
            long decided = decidedAt.toEpochMilli() * 1_000_000L - wallOffset;
            long sent = sentMillis * 1_000_000L - wallOffset;
            beforeSent.add(sent - due);
            beforeDecided.add(decided - sent);
            afterDecided.add(received - decided);
            bySecond.computeIfAbsent((due - windowStart) / 1_000_000_000L, s -> new Second())
                    .add(received - due, sent - due, decided - sent, received - decided, decidedAt);
        }

        void print() {
            System.out.printf("    probe: due -> sent %s%n    probe: sent -> decided %s%n"
                    + "    probe: decided -> received %s%n", Percentiles.ofNanos(beforeSent),
                    Percentiles.ofNanos(beforeDecided), Percentiles.ofNanos(afterDecided));
            bySecond.forEach((index, second) -> System.out.printf("    probe: second %d p99 %.1f ms, max %.1f ms; max "
                    + "due -> sent %.1f, sent -> decided %.1f, decided -> received %.1f ms; worst decided at %s%n",
                    index, Percentiles.ofNanos(second.latencies).p99(), Percentiles.ofNanos(second.latencies).max(),
                    second.maxSent / 1e6, second.maxDecided / 1e6, second.maxReceived / 1e6, second.worstDecidedAt));
        }

        /** One second of the window: its latencies, each part's maximum, and when its worst was decided. */
        private static final class Second {

            private final List<Long> latencies = new ArrayList<>();
            private long maxSent = Long.MIN_VALUE;
            private long maxDecided = Long.MIN_VALUE;
            private long maxReceived = Long.MIN_VALUE;
            private long worst = Long.MIN_VALUE;
            private Instant worstDecidedAt;

            void add(long latency, long toSent, long toDecided, long toReceived, Instant decidedAt) {
                if (latency > worst) {
                    worst = latency;
                    worstDecidedAt = decidedAt;
                }
                latencies.add(latency);
                maxSent = Math.max(maxSent, toSent);
                maxDecided = Math.max(maxDecided, toDecided);
                maxReceived = Math.max(maxReceived, toReceived);
            }
        }
    }

    private KafkaProducer<String, GenerationRequested> producer() {
        Map<String, Object> props = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        props.putAll(INGEST_SOCKETS);
        return new KafkaProducer<>(props, Topics.GENERATION_REQUESTS.keySerde().serializer(),
                Topics.GENERATION_REQUESTS.valueSerde().serializer());
    }

    private static GenerationRequested request(String user) {
        return new GenerationRequested(UUID.randomUUID().toString(), user, "deepseek-v3.1", PROMPT, 100, true,
                Lane.INTERACTIVE, null, Instant.now());
    }

    private KafkaConsumer<String, byte[]> decisionConsumer() {
        Map<String, Object> props = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        props.putAll(INGEST_SOCKETS);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
                // the arrival is what is timed, so the decision is parsed only for the probe (ingest-api parses it on
                // cores of its own): this JVM's share of the 2 cores stays small
                Topics.BUDGET_DECISIONS.keySerde().deserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = IntStream.range(0, Topics.BUDGET_DECISIONS.partitions())
                .mapToObj(p -> new TopicPartition(Topics.BUDGET_DECISIONS.name(), p)).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
