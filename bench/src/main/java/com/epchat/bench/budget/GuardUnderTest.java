package com.epchat.bench.budget;

import com.epchat.budget.BudgetStreamsApplication;
import com.epchat.budget.guard.RequestGuard;
import com.epchat.pricing.PricingSettings;
import com.epchat.topics.Topics;
import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * What a benchmark phase measures, started on a given broker: budget-streams as the service runs (its
 * Spring application, its topology, its {@code budget-streams.yml} with the tuning overrides given), or
 * the baseline: the request-level-only topology the guard had before the windowed levels (one
 * {@code mapValues}), as a plain KafkaStreams with the same exactly-once settings.
 */
final class GuardUnderTest implements AutoCloseable {

    /** Which one. */
    enum Kind {
        BASELINE,
        GUARD
    }

    private final ConfigurableApplicationContext context;
    private final KafkaStreams streams;

    private GuardUnderTest(ConfigurableApplicationContext context, KafkaStreams streams) {
        this.context = context;
        this.streams = streams;
    }

    /**
     * @param tuning Kafka Streams properties applied on top of the service's own (e.g. {@code commit.interval.ms})
     */
    static GuardUnderTest start(Kind kind, String bootstrap, Map<String, String> tuning) throws Exception {
        Path state = Files.createTempDirectory("bench-budget-state");
        GuardUnderTest started = kind == Kind.GUARD ? guard(bootstrap, state, tuning) : baseline(bootstrap, state, tuning);
        started.awaitRunning();
        return started;
    }

    private static GuardUnderTest guard(String bootstrap, Path state, Map<String, String> tuning) {
        List<String> args = new ArrayList<>(List.of("--KAFKA_BOOTSTRAP_SERVERS=" + bootstrap,
                "--EP_STATE_DIR=" + state, "--BUDGET_STREAMS_PORT=0", "--spring.main.banner-mode=off",
                // every request takes the whole path: request, user and site stage, both reservations
                "--BUDGET_USER_DAILY_USD=1000000", "--BUDGET_SITE_HOURLY_USD=1000000000"));
        tuning.forEach((key, value) -> args.add("--spring.kafka.streams.properties." + key + "=" + value));
        ConfigurableApplicationContext context = BudgetStreamsApplication.builder().run(args.toArray(String[]::new));
        return new GuardUnderTest(context, context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams());
    }

    private static GuardUnderTest baseline(String bootstrap, Path state, Map<String, String> tuning) {
        PricingSettings pricing = new PricingSettings(131_072, "enabled", new BigDecimal("0.0014"), null,
                new BigDecimal("0.0028"));
        RequestGuard guard = new RequestGuard(Usd.of("0.40"), pricing.catalog(), pricing.prices());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.GENERATION_REQUESTS.name(),
                        Consumed.with(Topics.GENERATION_REQUESTS.keySerde(), Topics.GENERATION_REQUESTS.valueSerde())
                                .withName("read-generation-requests"))
                .mapValues(request -> guard.decide(request, Instant.now()), Named.as("decide-request-level"))
                .to(Topics.BUDGET_DECISIONS.name(),
                        Produced.with(Topics.BUDGET_DECISIONS.keySerde(), Topics.BUDGET_DECISIONS.valueSerde())
                                .withName("write-budget-decisions"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-request-level-only");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        // as budget-streams.yml sets them
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.putAll(tuning);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return new GuardUnderTest(null, streams);
    }

    private void awaitRunning() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the guard did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(100);
        }
    }

    /** The stream thread's own account of its time, for tuning: where does it go? */
    String threadMetrics() {
        StringBuilder out = new StringBuilder();
        streams.metrics().forEach((name, metric) -> {
            boolean thread = name.group().equals("stream-thread-metrics") && List.of("poll-ratio", "process-ratio",
                    "commit-ratio", "punctuate-ratio", "blocked-time-ns-total", "commit-latency-avg", "poll-latency-avg",
                    "process-records-avg", "poll-records-avg", "process-rate", "commit-rate").contains(name.name());
            boolean producer = name.group().equals("producer-metrics") && List.of("txn-commit-time-ns-total",
                    "flush-time-ns-total", "txn-begin-time-ns-total", "txn-send-offsets-time-ns-total",
                    "record-send-rate", "request-latency-avg").contains(name.name());
            if (thread || producer) {
                out.append(String.format("    %s.%s = %s%n", name.group(), name.name(), metric.metricValue()));
            }
        });
        return out.toString();
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        } else {
            streams.close(Duration.ofSeconds(30));
        }
    }
}
