package com.epchat.budget.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request level ({@code BUDGET_REQ_USD}) and what every decision carries back. */
class RequestLevelTopologyTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    final GuardFixture guard = GuardFixture.guideDefaults(NOW);

    @AfterEach
    void closeDriver() {
        guard.close();
    }

    @Test
    void shouldApproveAndReserveTheWorstCaseUnderTheRequestCap() {
        GenerationRequested request = guard.send("job-1", "alice", 8000, NOW);

        // the tightest level after the reservation is the request cap: 0.40 - 0.0224056
        assertThat(guard.onlyDecision()).isEqualTo(
                BudgetDecision.approve(request, Usd.of("0.0224056"), Usd.of("0.3775944"), NOW));
    }

    @Test
    void shouldRejectAtTheRequestLevelWhenTheWorstCaseExceedsTheCap() {
        GenerationRequested request = guard.send("job-2", "alice", 131_000, NOW);

        BudgetDecision decision = guard.onlyDecision();

        assertThat(decision).isEqualTo(BudgetDecision.reject(request, BudgetLevel.REQUEST, Usd.of("0.40"), null,
                decision.reason(), NOW));
        assertThat(decision.reason()).contains("exceeds the request budget");
    }

    @Test
    void shouldReserveNothingForARequestRejectedAtTheRequestLevel() {
        guard.send("job-3", "alice", 131_000, NOW);

        assertThat(guard.latestStates()).isEmpty();
    }

    @Test
    void shouldServeTheGuidesLongRequestBecauseItsWorstCaseIsUnderTheCap() {
        // "生成超长内容", 50,000 tokens: 7 rounds, worst case $0.380884 < $0.40 (see pricing/README.md)
        GenerationRequested request = new GenerationRequested("job-4", "alice", "deepseek-v3.1",
                java.util.List.of(com.epchat.topics.event.ChatMessage.user("生成超长内容")), 50_000, true,
                com.epchat.topics.event.Lane.INTERACTIVE, null, NOW);

        guard.requests.pipeInput("alice", request, NOW);

        assertThat(guard.onlyDecision()).isEqualTo(
                BudgetDecision.approve(request, Usd.of("0.380884"), Usd.of("0.019116"), NOW));
    }

    @Test
    void shouldRejectAnUnknownModelAtTheRequestLevel() {
        GenerationRequested request = new GenerationRequested("job-5", "alice", "gpt-4",
                GuardFixture.request("x", "alice", 10, NOW).messages(), 10, true,
                com.epchat.topics.event.Lane.INTERACTIVE, null, NOW);

        guard.requests.pipeInput("alice", request, NOW);

        assertThat(guard.onlyDecision().rejectedAt()).isEqualTo(BudgetLevel.REQUEST);
    }

    @Test
    void shouldCarryTheRequestsCorrelationHeaderToTheDecision() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("kafka_correlationId", new byte[] {1, 2, 3});

        guard.requests.pipeInput(new TestRecord<>("alice", GuardFixture.request("job-6", "alice", 100, NOW), headers,
                NOW));

        assertThat(guard.decisions.readRecord().headers().lastHeader("kafka_correlationId").value())
                .containsExactly(1, 2, 3);
        assertThat(guard.decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldCarryTheCorrelationHeaderOfARejectionToo() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("kafka_correlationId", new byte[] {4, 5});

        guard.requests.pipeInput(new TestRecord<>("alice", GuardFixture.request("job-7", "alice", 131_000, NOW),
                headers, NOW));

        assertThat(guard.decisions.readRecord().headers().lastHeader("kafka_correlationId").value())
                .containsExactly(4, 5);
    }
}
