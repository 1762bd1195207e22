package com.epchat.ingest.batches;

import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchSpec;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.util.Locale;

/**
 * A batch as {@code GET /api/batches/{id}} shows it: status, counts, progress, spend against the cap,
 * the timestamps and where to go next. Money as exact decimal strings.
 */
public record BatchView(
        String id,
        String status,
        Counts counts,
        double percentDone,
        Long estimatedSecondsLeft,
        Usd spentUsd,
        Usd reservedUsd,
        Usd maxCostUsd,
        String onBudgetReject,
        Instant createdAt,
        Instant inProgressAt,
        Instant expiresAt,
        Instant finishedAt,
        TokenUsage usage,
        Links links) {

    /** The coordinator's counts plus the lines left out at submission. */
    public record Counts(int total, int pending, int running, int succeeded, int failed, int rejectedByBudget,
            int cancelled, int expired, int invalidLines) {
    }

    public record Links(String self, String results, String cancel) {
    }

    static BatchView of(BatchState state, Instant now) {
        return of(state, state.status().name().toLowerCase(Locale.ROOT), now);
    }

    /** The view with the status shown as {@code status} (a cancel just written, not yet applied). */
    static BatchView of(BatchState state, String status, Instant now) {
        BatchSpec spec = state.spec();
        BatchCounts c = state.counts() != null ? state.counts()
                : new BatchCounts(spec == null ? 0 : spec.total(), spec == null ? 0 : spec.total(), 0, 0, 0, 0, 0, 0);
        BatchProgress progress = BatchProgress.of(c, state.status(), state.inProgressAt(), now);
        String self = "/api/batches/" + state.batchId();
        return new BatchView(state.batchId(), status,
                new Counts(c.total(), c.pending(), c.running(), c.succeeded(), c.failed(), c.rejectedByBudget(),
                        c.cancelled(), c.expired(), spec == null ? 0 : spec.invalidLines()),
                progress.percentDone(), progress.estimatedSecondsLeft(),
                state.spent() == null ? Usd.ZERO : state.spent(), state.reserved() == null ? Usd.ZERO : state.reserved(),
                spec == null ? null : spec.maxCost(),
                spec == null || spec.onBudgetReject() == null ? null
                        : spec.onBudgetReject().name().toLowerCase(Locale.ROOT),
                spec == null ? null : spec.createdAt(), state.inProgressAt(), spec == null ? null : spec.expiresAt(),
                state.finishedAt(), state.usage() == null ? TokenUsage.NONE : state.usage(),
                new Links(self, self + "/results", self + "/cancel"));
    }
}
