package com.epchat.worker.generation;

import com.epchat.deepseek.DeepSeekClient;
import com.epchat.deepseek.RetryPolicy;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.PriceList;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.worker.batch.BatchOutcomes;
import com.epchat.worker.capability.ModelResolver;
import com.epchat.worker.continuation.ContinuationPolicy;
import com.epchat.worker.metrics.JobMetrics;
import com.epchat.worker.recovery.JobHistory;
import com.epchat.worker.recovery.JobProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Builds a {@link GenerationJob} for an approved decision, with what the job needs: the DeepSeek
 * client, the model resolver, prices, the producer, and the {@link JobRules} in force when it starts
 * (context, continuation, output guard: from the live flags).
 * A decision seen again (redelivered after a worker died or lost its partition) first reads the
 * job's history from Kafka, so the job continues rather than starts over. For a batch item it also
 * writes the {@code BatchItemOutcome}s that do not come from a running job: a rejection, and the end of
 * a job a previous owner finished but never acknowledged (at-least-once: the coordinator drops duplicates).
 */
public final class JobRunner {

    private final DeepSeekClient client;
    private final ModelResolver resolver;
    private final Supplier<JobRules> rules;
    private final PriceList prices;
    private final KafkaTemplate<String, byte[]> template;
    private final JobHistory history;
    private final Clock clock;
    private final JobMetrics metrics;

    public JobRunner(DeepSeekClient client, ModelResolver resolver, ModelCatalog catalog, PriceList prices,
            ContinuationPolicy continuation, int maxOutputTokens, KafkaTemplate<String, byte[]> template,
            JobHistory history, Clock clock) {
        this(client, resolver, () -> JobRules.fixed(catalog, continuation, maxOutputTokens), prices, template,
                history, clock, JobMetrics.discarding());
    }

    /** @param rules the rules in force now (from the live flags); each job takes them once, when it starts */
    public JobRunner(DeepSeekClient client, ModelResolver resolver, Supplier<JobRules> rules, PriceList prices,
            KafkaTemplate<String, byte[]> template, JobHistory history, Clock clock, JobMetrics metrics) {
        this.client = client;
        this.resolver = resolver;
        this.rules = rules;
        this.prices = prices;
        this.template = template;
        this.history = history;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The job of an approved decision, or empty when Kafka shows it already ended.
     *
     * @param seenBefore the decision may have been started by another worker: read its history first
     */
    public Optional<GenerationJob> prepare(BudgetDecision decision, boolean seenBefore) {
        JobProgress progress = seenBefore ? history.read(decision.request()) : JobProgress.NONE;
        if (progress.finished()) {
            GenerationRequested request = decision.request();
            if (BatchOutcomes.isBatchItem(request)) {
                // the previous owner may have died after ending the job, before (or after) its outcome went out
                publish(BatchOutcomes.fromHistory(request, progress.text(), progress.ending(),
                        progress.billedTokens(), progress.billedCost(), clock.instant()));
            }
            return Optional.empty();
        }
        JobOutput out = new JobOutput(template, decision.request(), clock, progress, metrics);
        // the job keeps the rules in force now, whatever the flags become while it runs
        JobRules jobRules = rules.get();
        Optional<ModelSpec> spec = jobRules.catalog().find(decision.request().model());
        if (spec.isEmpty()) {
            out.usage(progress.lastRound(), null, Bill.NOTHING, true);
            out.failed(progress.lastRound(), "unknown_model", "model " + decision.request().model()
                    + " is not configured here", null);
            return Optional.empty();
        }
        return Optional.of(new GenerationJob(this, decision, spec.get(), jobRules, progress, out));
    }

    /**
     * The job again after an unexpected failure of this worker (the takeover path a new owner takes): once
     * every send of the failed attempt has settled, its history is read from Kafka and the job continues
     * what was emitted, so nothing is generated or billed twice; empty when Kafka shows it ended.
     */
    public Optional<GenerationJob> retake(BudgetDecision decision) {
        settle();
        return prepare(decision, true);
    }

    /**
     * The worker gave up on this job ({@code code}: its retries are spent): from what Kafka holds, bills
     * what was streamed but never billed and ends it failed, with its last usage event (the reservation is
     * released), its final status and, for a batch item, a FAILED outcome. Nothing when Kafka shows it ended.
     */
    public void fail(BudgetDecision decision, String code, String message) {
        settle();
        prepare(decision, true).ifPresent(job -> job.abandon(code, message));
    }

    /**
     * Waits until every record handed to the producer so far was written or failed (bounded by the
     * producer's delivery timeout): what a failed attempt sent is then in Kafka or never will be, so the
     * history read next is the whole truth and no sequence number is emitted twice.
     */
    private void settle() {
        template.flush();
    }

    /**
     * The guard rejected this decision: a batch item's attempt ends {@code REJECTED} (written and
     * acknowledged by Kafka before this returns); other rejections need nothing from the worker.
     */
    public void rejected(BudgetDecision decision) {
        if (BatchOutcomes.isBatchItem(decision.request())) {
            publish(BatchOutcomes.rejected(decision, clock.instant()));
        }
    }

    /** Sends an outcome and waits until Kafka has it: the caller acknowledges the decision next. */
    private void publish(BatchItemOutcome outcome) {
        String topic = Topics.BATCH_OUTCOMES.name();
        try {
            template.send(topic, outcome.batch().batchId(),
                    Topics.BATCH_OUTCOMES.valueSerde().serializer().serialize(topic, outcome)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outcome of " + outcome.jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the outcome of " + outcome.jobId() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits before retry {@code n}; false when interrupted (the job is being stopped). */
    boolean pause(int n, Optional<Duration> retryAfter) {
        try {
            Thread.sleep(retry().delay(n, ThreadLocalRandom.current().nextDouble(), retryAfter).toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    DeepSeekClient client() {
        return client;
    }

    ModelResolver resolver() {
        return resolver;
    }

    PriceList prices() {
        return prices;
    }

    /** The rules a job starting now would get. */
    JobRules currentRules() {
        return rules.get();
    }

    RetryPolicy retry() {
        return client.settings().retry();
    }
}
