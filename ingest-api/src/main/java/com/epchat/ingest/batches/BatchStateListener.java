package com.epchat.ingest.batches;

import com.epchat.ingest.kafka.CompactedTopicFollower;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchState;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Materializes {@code ep.batch.state} (compacted; batches are deleted 30 days after their last
 * change) into the {@link BatchStateView}: every partition from the beginning, read_committed because
 * batch-coordinator writes in transactions, by a {@link CompactedTopicFollower}. It serves the view's
 * read barrier (a lookup that misses waits until everything written before it was read), tells the
 * view whether it is following, and evicts batches past the topic's retention every 10 minutes.
 */
class BatchStateListener extends CompactedTopicFollower<String, BatchState> {

    private static final Duration EVICT_EVERY = Duration.ofMinutes(10);

    BatchStateListener(KafkaProperties kafka, BatchStateView view) {
        super(kafka, follow("batch-state-view", Topics.BATCH_STATE)
                .onRecord(r -> view.apply(r.key(), r.value()))
                .readBarrier(view.barrier())
                .onFollowing(view::following)
                .housekeeping(EVICT_EVERY,
                        () -> view.evictOlderThan(Instant.now().minus(Topics.BATCH_STATE.retention()))));
    }
}
