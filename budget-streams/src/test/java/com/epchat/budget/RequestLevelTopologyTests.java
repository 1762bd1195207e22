package com.epchat.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.budget.guard.BudgetTopology;
import com.epchat.budget.guard.RequestGuard;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelPrice;
import com.epchat.pricing.PriceList;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.money.Usd;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLevelTopologyTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final ModelPrice PRICES = new ModelPrice(Usd.of("0.0014"), Usd.of("0.0014"), Usd.of("0.0028"));

    TopologyTestDriver driver;
    TestInputTopic<String, GenerationRequested> requests;
    TestOutputTopic<String, BudgetDecision> decisions;

    @BeforeEach
    void startTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        BudgetTopology.build(builder, new RequestGuard(Usd.of("0.40"), ModelCatalog.defaults(131_072, true),
                PriceList.uniform(PRICES), Clock.fixed(NOW, ZoneOffset.UTC)));
        driver = new TopologyTestDriver(builder.build());
        requests = driver.createInputTopic(Topics.GENERATION_REQUESTS.name(),
                Topics.GENERATION_REQUESTS.keySerde().serializer(), Topics.GENERATION_REQUESTS.valueSerde().serializer());
        decisions = driver.createOutputTopic(Topics.BUDGET_DECISIONS.name(),
                Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    static GenerationRequested request(String jobId, int maxTokens) {
        return new GenerationRequested(jobId, "alice", "deepseek-v3.1", List.of(ChatMessage.user("测试v3.1功能")),
                maxTokens, true, Lane.INTERACTIVE, null, NOW);
    }

    @Test
    void shouldApproveAndReserveTheWorstCaseUnderTheRequestCap() {
        GenerationRequested request = request("job-1", 8000);

        requests.pipeInput("alice", request, NOW);

        assertThat(decisions.readKeyValue().value).isEqualTo(
                BudgetDecision.approve(request, Usd.of("0.0224056"), Usd.of("0.3775944"), NOW));
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectAtTheRequestLevelWhenTheWorstCaseExceedsTheCap() {
        GenerationRequested request = request("job-2", 131_000);

        requests.pipeInput("alice", request, NOW);

        BudgetDecision decision = decisions.readValue();
        assertThat(decision.approved()).isFalse();
        assertThat(decision.rejectedAt()).isEqualTo(BudgetLevel.REQUEST);
        assertThat(decision.reserved()).isEqualTo(Usd.ZERO);
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldCarryTheRequestsCorrelationHeaderToTheDecision() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("kafka_correlationId", new byte[] {1, 2, 3});

        requests.pipeInput(new TestRecord<>("alice", request("job-3", 100), headers, NOW));

        assertThat(decisions.readRecord().headers().lastHeader("kafka_correlationId").value())
                .containsExactly(1, 2, 3);
    }
}
