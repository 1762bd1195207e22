package com.epchat.budget.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.budget.config.DeadLetterHandler;
import com.epchat.budget.ledger.BudgetWindows;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.PriceList;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.DeadLetter;
import com.epchat.topics.money.Usd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** A record the guard cannot read goes to the dead-letter topic, and the next request is still decided. */
class PoisonRecordTopologyTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void shouldDeadLetterAnUnreadableRequestAndKeepDeciding() {
        MockProducer<String, DeadLetter> deadLetters = new MockProducer<>(true, null,
                Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde().serializer());
        StreamsBuilder builder = new StreamsBuilder();
        BudgetTopology.build(builder, new GuardSettings(new RequestGuard(Usd.of("0.40"),
                ModelCatalog.defaults(131_072, true), PriceList.uniform(GuardFixture.PRICES)), Usd.of("2.50"),
                Usd.of("8.00"), new BudgetWindows(ZoneId.of("UTC"), Duration.ofHours(1))));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "budget-poison");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.PRODUCER, deadLetters);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, NOW)) {
            var raw = driver.createInputTopic(Topics.GENERATION_REQUESTS.name(), new StringSerializer(),
                    new ByteArraySerializer());
            var decisions = driver.createOutputTopic(Topics.BUDGET_DECISIONS.name(),
                    Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer());

            raw.pipeInput("mallory", "{not json".getBytes(StandardCharsets.UTF_8), NOW);
            raw.pipeInput("alice", Topics.GENERATION_REQUESTS.valueSerde().serializer().serialize("t",
                    GuardFixture.request("job-1", "alice", 100, NOW)), NOW);

            assertThat(decisions.readValuesToList()).extracting(BudgetDecision::jobId).containsExactly("job-1");
            assertThat(deadLetters.history()).singleElement().satisfies(sent -> {
                assertThat(sent.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
                assertThat(sent.key()).isEqualTo("mallory");
                assertThat(sent.value().topic()).isEqualTo(Topics.GENERATION_REQUESTS.name());
                assertThat(Base64.getDecoder().decode(sent.value().value())).asString().isEqualTo("{not json");
                assertThat(sent.value().error()).contains("GenerationRequested");
            });
        }
    }
}
