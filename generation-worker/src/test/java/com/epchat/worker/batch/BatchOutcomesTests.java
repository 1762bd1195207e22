package com.epchat.worker.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BatchRef;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a bulk job's end, a previous owner's end and a rejection become a batch item's outcome. */
class BatchOutcomesTests {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final BatchRef REF = new BatchRef("batch_abc", "row-1", 3, 2);
    static final GenerationRequested REQUEST = new GenerationRequested("x", "alice", "deepseek-v3.1",
            List.of(ChatMessage.user("hi")), 100, true, Lane.BULK, null, NOW).forAttempt(REF, NOW);
    static final TokenUsage USAGE = new TokenUsage(0, 4, 30, 0);

    @Test
    void shouldNameOnlyBatchItems() {
        assertThat(BatchOutcomes.isBatchItem(REQUEST)).isTrue();
        assertThat(BatchOutcomes.isBatchItem(new GenerationRequested("j", "alice", "deepseek-v3.1",
                List.of(ChatMessage.user("hi")), 100, true, Lane.INTERACTIVE, null, NOW))).isFalse();
    }

    @Test
    void shouldTellCompletedCancelledAndFailedApart() {
        BatchItemOutcome completed = BatchOutcomes.ended(REQUEST, "text", "length", "deepseek-chat", USAGE,
                Usd.of("0.0001"), null, NOW);
        BatchItemOutcome cancelled = BatchOutcomes.ended(REQUEST, "te", "cancelled", "deepseek-chat", USAGE,
                Usd.of("0.0001"), null, NOW);
        BatchItemOutcome failed = BatchOutcomes.ended(REQUEST, "", "error", "deepseek-chat", TokenUsage.NONE,
                Usd.ZERO, "provider_unauthorized", NOW);

        assertThat(completed).isEqualTo(new BatchItemOutcome(REF, "batch_abc.3.2", "alice", JobState.COMPLETED,
                "text", "length", "deepseek-chat", USAGE, Usd.of("0.0001"), null, null, null, NOW));
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("cancelled");
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("provider_unauthorized");
    }

    @Test
    void shouldRebuildAPreviousOwnersEndFromItsTerminalEvent() {
        ChunkEvent error = ChunkEvent.error(REQUEST.jobId(), 9, 1, "provider_error", "boom", USAGE,
                Usd.of("0.0002"), "deepseek-chat", NOW);
        ChunkEvent done = ChunkEvent.done(REQUEST.jobId(), 9, 1, "stop", USAGE, Usd.of("0.0002"), "deepseek-chat", NOW);

        assertThat(BatchOutcomes.fromHistory(REQUEST, "abc", error, TokenUsage.NONE, Usd.ZERO, NOW))
                .extracting(BatchItemOutcome::state, BatchItemOutcome::error, BatchItemOutcome::cost,
                        BatchItemOutcome::output)
                .containsExactly(JobState.FAILED, "provider_error", Usd.of("0.0002"), "abc");
        assertThat(BatchOutcomes.fromHistory(REQUEST, "abc", done, TokenUsage.NONE, Usd.ZERO, NOW))
                .extracting(BatchItemOutcome::state, BatchItemOutcome::finishReason, BatchItemOutcome::usage)
                .containsExactly(JobState.COMPLETED, "stop", USAGE);
        assertThat(BatchOutcomes.fromHistory(REQUEST, "abc", null, USAGE, Usd.of("0.0003"), NOW))
                .extracting(BatchItemOutcome::state, BatchItemOutcome::error, BatchItemOutcome::cost)
                .containsExactly(JobState.FAILED, "worker_lost", Usd.of("0.0003"));
    }

    @Test
    void shouldCarryTheLevelAndRetryTimeOfARejection() {
        Instant nextHour = Instant.parse("2026-11-26T11:00:00Z");
        BudgetDecision rejection = BudgetDecision.reject(REQUEST, BudgetLevel.SITE_HOURLY, Usd.of("0.01"), nextHour,
                "site hour exceeded", NOW);

        assertThat(BatchOutcomes.rejected(rejection, NOW)).isEqualTo(new BatchItemOutcome(REF, "batch_abc.3.2",
                "alice", JobState.REJECTED, "", null, null, TokenUsage.NONE, Usd.ZERO, "budget_rejected",
                BudgetLevel.SITE_HOURLY, nextHour, NOW));
    }
}
