package com.epchat.ingest.jobs;

import com.epchat.topics.Topics;
import com.epchat.topics.event.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's view of {@code ep.job.status} (jobId → JobStatus, compacted): every job updated
 * within the retention ({@code EP_JOB_VIEW_RETENTION}, default 24 h, the chunks' replay window),
 * read by one consumer thread from that far back. A lookup that misses waits, briefly, until the view
 * has read everything written before the lookup began, so a job accepted by another instance a moment
 * ago is found (read-your-writes across instances).
 */
@Component
public class JobStatusView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobStatusView.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration EVICT_EVERY = Duration.ofMinutes(1);

    private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
    private final Map<String, Object> consumerProps;
    private final Duration retention;
    private final Clock clock;
    private final ReadBarrier barrier = new ReadBarrier();
    private volatile KafkaConsumer<String, JobStatus> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    JobStatusView(KafkaProperties kafka, JobsProperties properties) {
        this.consumerProps = kafka.buildConsumerProperties();
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-job-status-" + UUID.randomUUID().toString().substring(0, 8));
        this.retention = properties.viewRetention();
        this.clock = Clock.systemUTC();
    }

    /** The job as this view knows it now. */
    public Optional<JobStatus> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** The job, waiting at most {@code wait} for the view to catch up when it does not know it yet. */
    public Optional<JobStatus> lookup(String jobId, Duration wait) {
        JobStatus known = jobs.get(jobId);
        if (known != null || !running) {
            return Optional.ofNullable(known);
        }
        barrier.await(wait);
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** A status this instance wrote itself: known here at once, without waiting for the topic. */
    public void record(JobStatus status) {
        jobs.merge(status.jobId(), status, JobStatusView::newer);
    }

    private void run() {
        try {
            while (running) {
                try (var c = new KafkaConsumer<>(consumerProps, Topics.JOB_STATUS.keySerde().deserializer(),
                        Topics.JOB_STATUS.valueSerde().deserializer())) {
                    consumer = c;
                    if (running) {
                        follow(c);
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    // the broker is unreachable or the topic missing: try again, lookups wait meanwhile
                    log.warn("job status view: {}; retrying", e.toString());
                    pause();
                }
            }
        } finally {
            barrier.close();
        }
    }

    private void follow(KafkaConsumer<String, JobStatus> c) {
        List<TopicPartition> partitions = c.partitionsFor(Topics.JOB_STATUS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        seekToRetention(c, partitions);
        Instant nextEviction = clock.instant().plus(EVICT_EVERY);
        while (running) {
            long ticket = barrier.pending();
            if (ticket > 0) {
                catchUp(c, partitions);
                barrier.release(ticket);
            } else {
                apply(c.poll(POLL));
            }
            if (clock.instant().isAfter(nextEviction)) {
                evict();
                nextEviction = clock.instant().plus(EVICT_EVERY);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Reads up to the end offsets taken now: everything acknowledged before the ticket is then applied. */
    private void catchUp(KafkaConsumer<String, JobStatus> c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        while (running && partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
            apply(c.poll(POLL));
        }
    }

    private void seekToRetention(KafkaConsumer<String, JobStatus> c, List<TopicPartition> partitions) {
        long from = clock.instant().minus(retention).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp start = offsets.get(tp);
            if (start == null) {
                c.seekToEnd(List.of(tp));
            } else {
                c.seek(tp, start.offset());
            }
        }
    }

    private void apply(Iterable<ConsumerRecord<String, JobStatus>> records) {
        for (ConsumerRecord<String, JobStatus> r : records) {
            if (r.key() == null) {
                continue;
            }
            if (r.value() == null) {
                jobs.remove(r.key());
            } else {
                jobs.merge(r.key(), r.value(), JobStatusView::newer);
            }
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
        running = true;
        barrier.reopen();
        thread = new Thread(this::run, "job-status-view");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, JobStatus> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts taking requests, so that no lookup finds the view not yet started. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
