package com.epchat.worker.generation;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import com.epchat.worker.batch.BatchOutcomes;
import com.epchat.worker.metrics.JobMetrics;
import com.epchat.worker.recovery.JobProgress;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What one job writes: chunk events numbered without gaps ({@code ep.generation.chunks}, keyed by
 * job), one usage event per provider call ({@code ep.usage}, keyed by user) and its status
 * ({@code ep.job.status}). A job taken over continues the numbering and the totals where Kafka
 * says they stood. A batch item's job also keeps its whole text (the previous owner's too) and, when it
 * ends, writes its {@code BatchItemOutcome} ({@code ep.batch.outcomes}, keyed by batchId) before the
 * final flush, so the outcome is durable before the decision is acknowledged. Not thread-safe: one
 * job, one thread.
 */
final class JobOutput {

    private final KafkaTemplate<String, byte[]> template;
    private final GenerationRequested request;
    private final Clock clock;
    private final JobMetrics metrics;
    private long seq;
    private long outputTokens;
    private TokenUsage usage;
    private Usd cost;
    /** The whole answer so far, kept for a batch item's outcome only (null for interactive jobs). */
    private final StringBuilder text;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private boolean ended;

    JobOutput(KafkaTemplate<String, byte[]> template, GenerationRequested request, Clock clock, JobProgress resume,
            JobMetrics metrics) {
        this.template = template;
        this.request = request;
        this.clock = clock;
        this.metrics = metrics;
        metrics.started(request);
        this.seq = resume.lastSeq();
        this.usage = resume.billedTokens();
        this.cost = resume.billedCost();
        this.outputTokens = resume.billedTokens().output();
        this.text = BatchOutcomes.isBatchItem(request) ? new StringBuilder(resume.text()) : null;
    }

    Usd cost() {
        return cost;
    }

    long outputTokens() {
        return outputTokens;
    }

    void delta(int round, String content, String reasoning) {
        if (seq == 0) {
            metrics.firstToken(request, clock.instant());
        }
        if (text != null && content != null) {
            text.append(content);
        }
        send(Topics.GENERATION_CHUNKS, request.jobId(),
                ChunkEvent.delta(request.jobId(), ++seq, round, content, reasoning, clock.instant()));
    }

    void roundStart(int round, String reason) {
        metrics.continued(request, reason);
        send(Topics.GENERATION_CHUNKS, request.jobId(), ChunkEvent.roundStart(request.jobId(), ++seq, round, reason,
                clock.instant()));
    }

    /**
     * Bills one provider call; {@code last} when the job ends with it, so that budget-streams may
     * release the rest of the reservation after settling this call.
     */
    void usage(int round, String apiModel, Bill bill, boolean last) {
        usage = usage.plus(bill.tokens());
        cost = cost.plus(bill.cost());
        outputTokens += bill.tokens().output();
        UsageEvent event = new UsageEvent(UsageEvent.usageId(request.jobId(), round),
                request.jobId(), request.userId(), request.model(), apiModel, round, bill.tokens(), bill.cost(),
                bill.estimated(), last, clock.instant());
        send(Topics.USAGE, request.userId(), event);
        lastSend.thenRun(() -> metrics.billed(event)); // counted once Kafka has it, as finance will
    }

    void running(String apiModel, int rounds) {
        status(JobState.RUNNING, apiModel, rounds, null, null);
    }

    /** @param rules the flags the job ran under, for the {@code done} event's message (null: none) */
    void done(int rounds, String finishReason, String apiModel, String rules) {
        send(Topics.GENERATION_CHUNKS, request.jobId(), ChunkEvent.done(request.jobId(), ++seq, rounds, finishReason,
                usage, cost, apiModel, clock.instant()).withMessage(rules));
        status("cancelled".equals(finishReason) ? JobState.CANCELLED : JobState.COMPLETED, apiModel, rounds,
                finishReason, null);
        ended("cancelled".equals(finishReason) ? "cancelled" : "completed");
        batchOutcome(finishReason, apiModel, null);
        flush();
    }

    void failed(int rounds, String code, String message, String apiModel) {
        send(Topics.GENERATION_CHUNKS, request.jobId(), ChunkEvent.error(request.jobId(), ++seq, rounds, code, message,
                usage, cost, apiModel, clock.instant()));
        status(JobState.FAILED, apiModel, rounds, "error", code + ": " + message);
        ended("failed");
        batchOutcome("error", apiModel, code);
        flush();
    }

    /** The job stops here without ending (its partition moved to another worker): make it durable. */
    void handOver(int rounds, String apiModel) {
        status(JobState.RUNNING, apiModel, rounds, null, null);
        ended("handed_over");
        flush();
    }

    /** This attempt stopped on an unexpected error: the job is taken up again (a new output) or ended failed. */
    void attemptFailed() {
        ended("retried");
    }

    /** The job's time and active stream end once per output, whatever went wrong after. */
    private void ended(String outcome) {
        if (!ended) {
            ended = true;
            metrics.ended(request, outcome, clock.instant());
        }
    }

    /** A batch item's end, with all of its text and the bill of all its rounds (this owner's and earlier). */
    private void batchOutcome(String finishReason, String apiModel, String errorCode) {
        if (text != null) {
            send(Topics.BATCH_OUTCOMES, request.batch().batchId(), BatchOutcomes.ended(request, text.toString(),
                    finishReason, apiModel, usage, cost, errorCode, clock.instant()));
        }
    }

    private void status(JobState state, String apiModel, int rounds, String finishReason, String error) {
        send(Topics.JOB_STATUS, request.jobId(), new JobStatus(request.jobId(), request.userId(), state,
                request.model(), apiModel, rounds, seq, outputTokens, usage, cost, finishReason, error,
                request.requestedAt(), clock.instant()));
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        lastSend = template.send(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /** The job's last events are durable before its decision's offset is committed. */
    private void flush() {
        try {
            template.flush();
            // the idempotent producer keeps order: the last send acknowledged means all were
            lastSend.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing job " + request.jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish job " + request.jobId() + ": " + e.getMessage(), e);
        }
    }
}
