package com.epchat.bench.cost;

import com.epchat.cost.rollup.CostTopology;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Usage events aggregated per second by cost-aggregator's topology (dedup, three rollups, two
 * repartitions, exactly-once), on this machine: N usage events (1,000 users, 2 API models, 1% of
 * them sent twice as a producer retry would) are written to {@code ep.usage} first, then the topology
 * reads them all; the clock runs from the application's RUNNING state until every distinct event is
 * counted in all three rollups as a {@code read_committed} reader of the finance topics sees them. Baseline,
 * same topology and input: {@code at_least_once}. Commit interval 100 ms for both (the exactly-once
 * default, the service's setting).
 *
 * <pre>./mvnw -q -pl bench -am -DskipTests package exec:java -Dexec.mainClass=com.epchat.bench.cost.CostAggregationBench [-Dexec.args=N]</pre>
 */
public final class CostAggregationBench {

    static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String bootstrap = TestKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicCreator.createMissing(admin, Topics.all());
        }
        long sent = produce(bootstrap, events);
        System.out.printf("%nwrote %,d usage records (%,d distinct usage ids) to ep.usage%n", sent, events);
        for (String guarantee : List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)) {
            run(bootstrap, guarantee, sent, events);
        }
        System.exit(0);
    }

    static long produce(String bootstrap, int events) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // the input only: a retry's copy would be one more duplicate, dropped and not counted anyway
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 10);
        long sent = 0;
        var failed = new java.util.concurrent.atomic.AtomicReference<Exception>();
        try (var producer = new KafkaProducer<>(props, Topics.USAGE.keySerde().serializer(),
                Topics.USAGE.valueSerde().serializer())) {
            for (int i = 0; i < events; i++) {
                String user = "user-" + (i % 1_000);
                Instant at = DAY.plusMillis(i * 5L); // 200,000 events span ~17 minutes: no window closes
                UsageEvent usage = new UsageEvent("job-" + i + "/1", "job-" + i, user, "deepseek-v3.1",
                        i % 3 == 0 ? "deepseek-reasoner" : "deepseek-chat", 1, new TokenUsage(64, 36, 200, 0),
                        Usd.of("0.0006404"), false, true, at);
                var record = new ProducerRecord<>(Topics.USAGE.name(), null, at.toEpochMilli(), user, usage);
                producer.send(record, (meta, e) -> failed.compareAndSet(null, e));
                sent++;
                if (i % 100 == 0) {
                    producer.send(record, (meta, e) -> failed.compareAndSet(null, e));
                    sent++;
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("could not write the input", failed.get());
        }
        return sent;
    }

    static void run(String bootstrap, String guarantee, long records, int distinct) throws Exception {
        String appId = TestKafka.uniqueName("bench-cost-" + guarantee.replace('_', '-'));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-cost").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        CostTopology.build(builder, new CostTopology.Settings(ZoneOffset.UTC, Duration.ofHours(1), Duration.ofDays(7),
                Duration.ofSeconds(1)));
        CountDownLatch running = new CountDownLatch(1);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                RollupWatcher outputs = RollupWatcher.fromNow(bootstrap, distinct)) {
            long[] runningAt = new long[1];
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running.getCount() > 0) {
                    runningAt[0] = System.nanoTime();
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("streams did not reach RUNNING");
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!outputs.complete()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not all counted after 10 minutes: " + outputs.progress());
                }
            }
            double seconds = (System.nanoTime() - runningAt[0]) / 1e9;
            System.out.printf("  %-16s %,10.0f usage records/s  (%,d records, %,d distinct, all in the three rollups"
                    + " after %.2f s)%n", guarantee, records / seconds, records, distinct, seconds);
            streams.close(Duration.ofSeconds(30));
            // its stores, hundreds of MB a run, would otherwise stay in /tmp
            streams.cleanUp();
        }
    }
}
