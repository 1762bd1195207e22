package com.epchat.ingest.jobs;

import com.epchat.ingest.kafka.CompactedTopicFollower;
import com.epchat.ingest.kafka.ReadBarrier;
import com.epchat.topics.Topics;
import com.epchat.topics.event.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's view of {@code ep.job.status} (jobId → JobStatus, compacted): every job updated
 * within the retention ({@code EP_JOB_VIEW_RETENTION}, default 24 h, the chunks' replay window),
 * read from that far back by a {@link CompactedTopicFollower}, which also evicts older jobs every
 * minute. A lookup that misses waits, briefly, until the view has read everything written before the
 * lookup began, so a job accepted by another instance a moment ago is found (read-your-writes across
 * instances).
 */
@Component
public class JobStatusView implements SmartLifecycle {

    private static final Duration EVICT_EVERY = Duration.ofMinutes(1);

    private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;
    private final ReadBarrier barrier = new ReadBarrier();
    private final CompactedTopicFollower<String, JobStatus> follower;

    JobStatusView(KafkaProperties kafka, JobsProperties properties) {
        this.retention = properties.viewRetention();
        this.clock = Clock.systemUTC();
        // ep.job.status is written without transactions: the configured isolation level stands
        this.follower = CompactedTopicFollower.follow("job-status-view", Topics.JOB_STATUS)
                .from(() -> clock.instant().minus(retention))
                .isolationAsConfigured()
                .readBarrier(barrier)
                .onRecord(this::apply)
                .housekeeping(EVICT_EVERY, this::evict)
                .build(kafka);
    }

    /** The job as this view knows it now. */
    public Optional<JobStatus> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** The job, waiting at most {@code wait} for the view to catch up when it does not know it yet. */
    public Optional<JobStatus> lookup(String jobId, Duration wait) {
        JobStatus known = jobs.get(jobId);
        if (known != null || !follower.isRunning()) {
            return Optional.ofNullable(known);
        }
        barrier.await(wait);
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** A status this instance wrote itself: known here at once, without waiting for the topic. */
    public void record(JobStatus status) {
        jobs.merge(status.jobId(), status, JobStatusView::newer);
    }

    private void apply(ConsumerRecord<String, JobStatus> r) {
        if (r.value() == null) {
            jobs.remove(r.key());
        } else {
            jobs.merge(r.key(), r.value(), JobStatusView::newer);
        }
    }

    /** The later of two writes; a final state is never replaced by an earlier running one. */
    private static JobStatus newer(JobStatus old, JobStatus candidate) {
        if (old.state().isFinal() && !candidate.state().isFinal()) {
            return old;
        }
        return candidate;
    }

    private void evict() {
        Instant oldest = clock.instant().minus(retention);
        jobs.values().removeIf(s -> s.updatedAt() != null && s.updatedAt().isBefore(oldest));
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public void stop() {
        follower.stop();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }

    /** Before the web server starts taking requests, so that no lookup finds the view not yet started. */
    @Override
    public int getPhase() {
        return follower.getPhase();
    }
}
