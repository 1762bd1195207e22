package com.epchat.ingest.generate;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.epchat.ingest.jobs.JobPublisher;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.requestreply.KafkaReplyTimeoutException;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Records the job as queued on {@code ep.job.status} (so any instance can find it at once), publishes
 * its request to {@code ep.generation.requests} keyed by user and waits, a bounded time, for
 * budget-streams' decision on {@code ep.budget.decisions} (spring-kafka request-reply: the
 * correlation header travels through the topology); a rejection is recorded on the status too. No
 * decision in time is an error, never an approval: the job is then marked failed and cancelled, so a
 * late approval does not generate for a caller who was told 503.
 */
@Component
public class JobSubmitter {

    private final ReplyingKafkaTemplate<String, GenerationRequested, BudgetDecision> template;
    private final JobPublisher jobs;
    private volatile boolean assigned;

    JobSubmitter(ReplyingKafkaTemplate<String, GenerationRequested, BudgetDecision> template, JobPublisher jobs) {
        this.template = template;
        this.jobs = jobs;
    }

    public BudgetDecision submit(GenerationRequested request, Duration timeout) throws DecisionTimeoutException {
        awaitReplyAssignment(timeout);
        // acknowledged before the request goes out: the worker's RUNNING can only come after it
        jobs.queued(request);
        var record = new ProducerRecord<>(Topics.GENERATION_REQUESTS.name(), request.userId(), request);
        var future = template.sendAndReceive(record, timeout);
        try {
            BudgetDecision decision = future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS).value();
            if (!decision.approved()) {
                jobs.rejected(request, decision);
            }
            return decision;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaReplyTimeoutException) {
                throw abandon(request, timeout);
            }
            throw new IllegalStateException("could not publish the request: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw abandon(request, timeout);
        } catch (InterruptedException e) {
            // shutting down: nothing more can be written from this thread
            Thread.currentThread().interrupt();
            throw new DecisionTimeoutException(timeout);
        }
    }

    /** The request was published: a late approval must not run it for a caller who was told 503. */
    private DecisionTimeoutException abandon(GenerationRequested request, Duration timeout) {
        jobs.abandoned(request);
        return new DecisionTimeoutException(timeout);
    }

    /** A reply container that is not yet assigned would miss the decision: wait for it once. */
    private void awaitReplyAssignment(Duration timeout) throws DecisionTimeoutException {
        if (assigned) {
            return;
        }
        try {
            assigned = template.waitForAssignment(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!assigned) {
            throw new DecisionTimeoutException(timeout);
        }
    }

    /** budget-streams did not answer in time. */
    public static class DecisionTimeoutException extends Exception {

        DecisionTimeoutException(Duration timeout) {
            super("no budget decision within " + timeout.toMillis() + " ms");
        }
    }
}
