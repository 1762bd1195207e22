package com.epchat.ingest.jobs;

import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Locale;

/**
 * The body of {@code GET /api/jobs/{id}}: the job's state, how far it got, what it cost so far and
 * the API model that served it.
 *
 * @param progress {@code lastSeq}: the newest event of its stream (resume point); {@code outputTokens}:
 *     output billed so far (settled per provider call)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String jobId, String userId, String state, String model, String apiModel, int rounds,
        Progress progress, TokenUsage usage, Usd cost, String finishReason, String error, Instant requestedAt,
        Instant updatedAt, String events) {

    public record Progress(long lastSeq, long outputTokens) {
    }

    static JobView of(JobStatus s, long liveSeq) {
        return new JobView(s.jobId(), s.userId(), s.state().name().toLowerCase(Locale.ROOT), s.model(), s.apiModel(),
                s.rounds(), new Progress(Math.max(s.lastSeq(), liveSeq), s.outputTokens()), s.usage(), s.cost(),
                s.finishReason(), s.error(), s.requestedAt(), s.updatedAt(), "/api/jobs/" + s.jobId() + "/events");
    }
}
