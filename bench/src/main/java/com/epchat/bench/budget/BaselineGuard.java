package com.epchat.bench.budget;

import com.epchat.budget.guard.RequestGuard;
import com.epchat.pricing.PricingSettings;
import com.epchat.topics.Topics;
import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The benchmark's baseline in a JVM of its own: the request-level-only topology the guard had before
 * the windowed levels (one {@code mapValues}), as a plain KafkaStreams with budget-streams' exactly-once
 * settings.
 * <pre>java -cp ... com.epchat.bench.budget.BaselineGuard &lt;bootstrap&gt; &lt;state dir&gt; [&lt;streams property&gt;=&lt;value&gt; ...]</pre>
 */
public final class BaselineGuard {

    private BaselineGuard() {
    }

    public static void main(String[] args) throws InterruptedException {
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
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[1]);
        // as budget-streams.yml sets them
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "10");
        props.put(StreamsConfig.RECEIVE_BUFFER_CONFIG, "-1");
        props.put(StreamsConfig.SEND_BUFFER_CONFIG, "-1");
        for (int i = 2; i < args.length; i++) {
            String[] property = args[i].split("=", 2);
            props.put(property[0], property[1]);
        }
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
        Thread.currentThread().join();
    }
}
