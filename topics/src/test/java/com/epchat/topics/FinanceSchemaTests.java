package com.epchat.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import com.epchat.topics.serde.Json;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The finance topics' JSON Schemas (in {@code src/main/resources/schemas}) accept the records and keys
 * the contract's serdes really write, and reject the mistakes a finance reader must never see.
 */
class FinanceSchemaTests {

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");
    static final TokenUsage TOKENS = new TokenUsage(64, 36, 200, 12);

    static Schema schema(String file) throws Exception {
        try (InputStream in = FinanceSchemaTests.class.getResourceAsStream("/schemas/" + file)) {
            assertThat(in).as(file).isNotNull();
            return REGISTRY.getSchema(in);
        }
    }

    /** The value as a Kafka consumer receives it: the bytes the topic's serde writes, parsed. */
    static <V> JsonNode wire(Topic<String, V> topic, V value) {
        return Json.MAPPER.readTree(topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    static FinanceRollup rollup(String dimension, Instant start, Instant end) {
        return new FinanceRollup(dimension, start, end, 3, 4, TOKENS, Usd.of("0.0009436"), Instant.parse(
                "2026-11-26T10:15:30.123456Z"));
    }

    static UsageEvent usage(String apiModel) {
        return new UsageEvent("job-1/2", "job-1", "alice", "deepseek-v3.1", apiModel, 2, TOKENS, Usd.of("0.0006404"),
                false, true, Instant.parse("2026-11-26T10:59:00Z"));
    }

    static Stream<Arguments> realRecords() {
        Instant hour = Instant.parse("2026-11-26T10:00:00Z");
        Instant shanghaiDay = Instant.parse("2026-11-25T16:00:00Z");
        return Stream.of(
                Arguments.of(Topics.FINANCE_USER_DAILY, FinanceRollup.key(DAY, "alice"),
                        rollup("alice", DAY, DAY.plusSeconds(86_400))),
                Arguments.of(Topics.FINANCE_USER_DAILY, FinanceRollup.key(shanghaiDay, "bob@example.com"),
                        rollup("bob@example.com", shanghaiDay, shanghaiDay.plusSeconds(86_400))),
                Arguments.of(Topics.FINANCE_SITE_HOURLY, FinanceRollup.key(hour, "site"),
                        rollup("site", hour, hour.plusSeconds(3_600))),
                Arguments.of(Topics.FINANCE_MODEL_DAILY, FinanceRollup.key(DAY, "deepseek-chat"),
                        rollup("deepseek-chat", DAY, DAY.plusSeconds(86_400))),
                Arguments.of(Topics.FINANCE_CORRECTIONS, "job-1/2", new CostCorrection(usage("deepseek-chat"),
                        "site-hour", hour, "window closed", Instant.parse("2026-11-26T12:00:00Z"))),
                Arguments.of(Topics.FINANCE_CORRECTIONS, "job-2/0", new CostCorrection(new UsageEvent("job-2/0",
                        "job-2", "alice", "deepseek-v3.1", null, 0, TokenUsage.NONE, Usd.ZERO, false, true, hour),
                        "model-day", DAY, "window closed", Instant.parse("2026-11-27T02:00:00Z"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("realRecords")
    <V> void shouldAcceptTheKeyAndValueTheSerdesWrite(Topic<String, V> topic, String key, V value) throws Exception {
        List<Error> keyErrors = schema(topic.name() + ".key.schema.json").validate(StringNode.valueOf(key));
        List<Error> valueErrors = schema(topic.name() + ".value.schema.json").validate(wire(topic, value));

        assertThat(keyErrors).isEmpty();
        assertThat(valueErrors).isEmpty();
    }

    @Test
    void shouldRejectCostWrittenAsAJsonNumber() throws Exception {
        ObjectNode value = (ObjectNode) wire(Topics.FINANCE_USER_DAILY, rollup("alice", DAY, DAY.plusSeconds(86_400)));
        value.put("cost", 0.0009436);

        assertThat(schema("ep.finance.user-daily.value.schema.json").validate(value))
                .extracting(Error::toString).anySatisfy(e -> assertThat(e).contains("cost"));
    }

    @Test
    void shouldRejectARollupWithoutTokensOrWithANegativeCount() throws Exception {
        ObjectNode value = (ObjectNode) wire(Topics.FINANCE_MODEL_DAILY, rollup("deepseek-chat", DAY, DAY.plusSeconds(86_400)));
        value.remove("tokens");
        value.put("jobs", -1);

        assertThat(schema("ep.finance.model-daily.value.schema.json").validate(value)).hasSize(2);
    }

    @Test
    void shouldRejectASiteKeyThatIsNotOnTheHour() throws Exception {
        Schema key = schema("ep.finance.site-hourly.key.schema.json");

        assertThat(key.validate(StringNode.valueOf("2026-11-26T10:30:00Z/site"))).isNotEmpty();
        assertThat(key.validate(StringNode.valueOf("2026-11-26T10:00:00Z/alice"))).isNotEmpty();
    }

    @Test
    void shouldPublishTheSchemasForEveryFinanceTopicAndDocumentThem() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (Topic<?, ?> topic : List.of(Topics.FINANCE_USER_DAILY, Topics.FINANCE_SITE_HOURLY, Topics.FINANCE_MODEL_DAILY,
                Topics.FINANCE_CORRECTIONS)) {
            for (String part : List.of(".key.schema.json", ".value.schema.json")) {
                assertThat(schema(topic.name() + part)).isNotNull();
                assertThat(readme).contains(topic.name() + part);
            }
        }
    }
}
