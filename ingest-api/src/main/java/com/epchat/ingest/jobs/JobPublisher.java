package com.epchat.ingest.jobs;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobControl;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * What ingest-api itself writes about jobs: {@code ep.job.status} (jobId → JobStatus) when a job is
 * queued, before its request is published, and when it is rejected or its decision timed out;
 * {@code ep.job.control} (jobId → JobControl) when its owner cancels it or its decision timed out. Each write is acknowledged before the call
 * returns: the queued status then precedes anything the worker writes about the job.
 */
@Component
public class JobPublisher {

    private static final long ACK_SECONDS = 10;

    private final KafkaTemplate<String, byte[]> template;
    private final JobStatusView view;
    private final Clock clock = Clock.systemUTC();

    JobPublisher(KafkaTemplate<String, byte[]> jobTemplate, JobStatusView view) {
        this.template = jobTemplate;
        this.view = view;
    }

    public void queued(GenerationRequested request) {
        status(request, JobState.QUEUED, null);
    }

    public void rejected(GenerationRequested request, BudgetDecision decision) {
        String level = decision.rejectedAt() == null ? "budget" : decision.rejectedAt().name().toLowerCase();
        status(request, JobState.REJECTED, "budget_exceeded: " + level);
    }

    /**
     * The caller was told 503 (no decision in time) but the request is already on its way: mark the
     * job failed and cancel it, so that if budget-streams approves it later the worker ends it at once
     * (billing nothing) instead of generating for nobody; its reservation is released at that end.
     */
    public void abandoned(GenerationRequested request) {
        status(request, JobState.FAILED, "budget_decision_timeout");
        send(Topics.JOB_CONTROL, request.jobId(), new JobControl(request.jobId(), request.userId(),
                JobControl.Action.CANCEL, "ingest-api: no budget decision in time", clock.instant()));
    }

    /** Asks every worker to stop the job; the one running it ends it with finish reason {@code cancelled}. */
    public void cancel(JobStatus job, String requestedBy) {
        send(Topics.JOB_CONTROL, job.jobId(), new JobControl(job.jobId(), job.userId(), JobControl.Action.CANCEL,
                requestedBy, clock.instant()));
    }

    private void status(GenerationRequested request, JobState state, String error) {
        JobStatus status = new JobStatus(request.jobId(), request.userId(), state, request.model(), null, 0, 0, 0,
                TokenUsage.NONE, Usd.ZERO, null, error, request.requestedAt(), clock.instant());
        send(Topics.JOB_STATUS, request.jobId(), status);
        view.record(status);
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        try {
            template.send(topic.name(), key, bytes).get(ACK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write " + topic.name() + ": " + e, e);
        }
    }
}
