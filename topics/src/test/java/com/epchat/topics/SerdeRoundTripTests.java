package com.epchat.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItem;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BatchRef;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchSpec;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SerdeRoundTripTests {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");

    static GenerationRequested request() {
        return new GenerationRequested("job-1", "alice", "deepseek-v3.1",
                List.of(new ChatMessage("system", "be brief"), ChatMessage.user("测试v3.1功能")), 8000, true,
                Lane.INTERACTIVE, new CostEstimate(6, 8000, 1, 8192, Usd.of("0.0224084")), AT);
    }

    @Test
    void shouldRoundTripGenerationRequested() {
        assertRoundTrip(Topics.GENERATION_REQUESTS, request());
    }

    @Test
    void shouldRoundTripApprovedAndRejectedDecisions() {
        assertRoundTrip(Topics.BUDGET_DECISIONS, BudgetDecision.approve(request(), Usd.of("0.0224084"),
                Usd.of("2.4775916"), AT));
        assertRoundTrip(Topics.BUDGET_DECISIONS, BudgetDecision.reject(request(), BudgetLevel.USER_DAILY,
                Usd.of("0.01"), AT.plusSeconds(3600), "user daily budget", AT));
    }

    @Test
    void shouldRoundTripEveryKindOfChunk() {
        TokenUsage usage = new TokenUsage(64, 10, 300, 12);
        assertRoundTrip(Topics.GENERATION_CHUNKS, ChunkEvent.delta("job-1", 1, 1, "Hello ", null, AT));
        assertRoundTrip(Topics.GENERATION_CHUNKS, ChunkEvent.delta("job-1", 2, 1, null, "thinking", AT));
        assertRoundTrip(Topics.GENERATION_CHUNKS, ChunkEvent.roundStart("job-1", 3, 2, "length", AT));
        assertRoundTrip(Topics.GENERATION_CHUNKS, ChunkEvent.done("job-1", 4, 2, "stop", usage,
                Usd.of("0.00094"), "deepseek-chat", AT));
        assertRoundTrip(Topics.GENERATION_CHUNKS, ChunkEvent.error("job-1", 5, 2, "provider_unauthorized",
                "the provider refused the API key", usage, Usd.ZERO, "deepseek-chat", AT));
    }

    @Test
    void shouldRoundTripUsageAndJobStatus() {
        TokenUsage usage = new TokenUsage(64, 10, 300, 0);
        assertRoundTrip(Topics.USAGE, new UsageEvent(UsageEvent.usageId("job-1", 1), "job-1", "alice",
                "deepseek-v3.1", "deepseek-chat", 1, usage, Usd.of("0.0009436"), false, true, AT));
        assertRoundTrip(Topics.JOB_STATUS, new JobStatus("job-1", "alice", JobState.COMPLETED, "deepseek-v3.1",
                "deepseek-chat", 2, 42, 300, usage, Usd.of("0.0009436"), "stop", null, AT, AT));
    }

    @Test
    void shouldRoundTripABatchFromItsInputToItsResults() {
        BatchRef ref = new BatchRef("batch_1", "row-7", 7, 2);
        GenerationRequested attempt = request().forAttempt(ref, AT);
        BatchSpec spec = new BatchSpec(1000, 2, Usd.of("1.50"), BatchSpec.OnBudgetReject.WAIT, AT,
                AT.plusSeconds(86_400), "upload-42");
        TokenUsage usage = new TokenUsage(0, 12, 300, 0);

        assertRoundTrip(Topics.GENERATION_REQUESTS, attempt);
        assertRoundTrip(Topics.BATCH_INPUT, BatchInput.item("batch_1", "alice", new BatchItem("row-7", 7, request()), AT));
        assertRoundTrip(Topics.BATCH_INPUT, BatchInput.seal("batch_1", "alice", spec, AT));
        assertRoundTrip(Topics.BATCH_INPUT, BatchInput.cancel("batch_1", "alice", "admin", AT));
        assertRoundTrip(Topics.BATCH_OUTCOMES, new BatchItemOutcome(ref, ref.jobId(), "alice", JobState.REJECTED, "",
                null, null, TokenUsage.NONE, Usd.ZERO, "budget_rejected", BudgetLevel.USER_DAILY, AT, AT));
        assertRoundTrip(Topics.BATCH_STATE, new BatchState("batch_1", "alice", BatchStatus.IN_PROGRESS,
                new BatchCounts(1000, 900, 8, 90, 1, 1, 0, 0), spec, Usd.of("0.0009436"), Usd.of("0.0224084"),
                usage, AT, null, AT));
        assertRoundTrip(Topics.BATCH_RESULTS, new BatchResult("batch_1", "row-7", 7, ref.jobId(), "Hello", "stop",
                usage, Usd.of("0.0009436"), null, AT));
        assertThat(attempt.jobId()).isEqualTo("batch_1.7.2");
        assertThat(attempt.lane()).isEqualTo(Lane.BULK);
        assertThat(new String(Topics.BATCH_STATE.valueSerde().serializer().serialize("t", new BatchState("b", "u",
                BatchStatus.IN_PROGRESS, null, null, null, null, null, null, null, AT)), StandardCharsets.UTF_8))
                .contains("\"status\":\"in_progress\"");
    }

    @Test
    void shouldWriteMoneyAsExactStringsAndEnumsInLowerCase() {
        BudgetDecision decision = BudgetDecision.reject(request(), BudgetLevel.SITE_HOURLY, Usd.of("0.10"),
                null, "site hourly budget", AT);

        String json = new String(Topics.BUDGET_DECISIONS.valueSerde().serializer()
                .serialize(Topics.BUDGET_DECISIONS.name(), decision), StandardCharsets.UTF_8);

        assertThat(json).contains("\"remaining\":\"0.1\"", "\"rejectedAt\":\"site_hourly\"",
                "\"worstCase\":\"0.0224084\"", "\"requestedAt\":\"2026-11-26T10:15:30.123Z\"")
                .doesNotContain("retryAt");
    }

    @Test
    void shouldFailWithTheTypeNamedOnAPoisonRecord() {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Topics.USAGE.valueSerde().deserializer().deserialize(Topics.USAGE.name(), poison))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("UsageEvent")
                .hasMessageContaining(Topics.USAGE.name());
    }

    @Test
    void shouldIgnoreFieldsAddedByANewerProducer() {
        byte[] json = "{\"inputCacheHit\":1,\"inputCacheMiss\":2,\"output\":3,\"reasoning\":0,\"future\":true}"
                .getBytes(StandardCharsets.UTF_8);

        TokenUsage usage = new com.epchat.topics.serde.JsonSerde<>(TokenUsage.class).deserializer()
                .deserialize("any", json);

        assertThat(usage).isEqualTo(new TokenUsage(1, 2, 3, 0));
    }

    private static <V> void assertRoundTrip(Topic<String, V> topic, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        V read = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
        assertThat(read).isEqualTo(value);
    }
}
