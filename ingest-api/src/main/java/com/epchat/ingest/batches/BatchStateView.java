package com.epchat.ingest.batches;

import com.epchat.ingest.kafka.ReadBarrier;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batches as batch-coordinator last published them on {@code ep.batch.state} (batchId →
 * BatchState, compacted), plus the ones this instance just accepted (status {@code validating} until
 * the coordinator's first state arrives). Fed by {@link BatchStateListener}; read by the batch
 * endpoints. A lookup that misses waits, briefly, until the listener has read everything written
 * before it began (read-your-writes across instances). Thread-safe.
 */
public class BatchStateView {

    private final Map<String, BatchState> batches = new ConcurrentHashMap<>();
    private final ReadBarrier barrier = new ReadBarrier();
    private volatile boolean following;

    /** One record of the state topic; a null state (a tombstone) forgets the batch. */
    public void apply(String batchId, BatchState state) {
        if (state == null) {
            batches.remove(batchId);
        } else {
            batches.merge(batchId, state, BatchStateView::newer);
        }
    }

    /** A batch this instance accepted: known here at once, without waiting for the coordinator. */
    public void record(BatchState state) {
        batches.merge(state.batchId(), state, BatchStateView::newer);
    }

    public Optional<BatchState> find(String batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }

    /** The batch, waiting at most {@code wait} for the view to catch up when it does not know it yet. */
    public Optional<BatchState> lookup(String batchId, Duration wait) {
        BatchState known = batches.get(batchId);
        if (known == null && following) {
            barrier.await(wait);
            known = batches.get(batchId);
        }
        return Optional.ofNullable(known);
    }

    /** A user's batches, newest first. */
    public List<BatchState> ofUser(String userId, int limit) {
        return batches.values().stream().filter(s -> userId.equals(s.userId()))
                .sorted(Comparator.comparing(BatchStateView::createdAt).reversed().thenComparing(BatchState::batchId))
                .limit(limit).toList();
    }

    /** Forgets batches whose last change is older than {@code oldest} (the topic deletes them too). */
    public void evictOlderThan(Instant oldest) {
        batches.values().removeIf(s -> s.updatedAt() != null && s.updatedAt().isBefore(oldest));
    }

    ReadBarrier barrier() {
        return barrier;
    }

    void following(boolean following) {
        this.following = following;
        if (following) {
            barrier.reopen();
        } else {
            barrier.close();
        }
    }

    /**
     * The coordinator's state wins over the local {@code validating} placeholder; a final state is never
     * replaced by a non-final one; otherwise the later update wins.
     */
    static BatchState newer(BatchState old, BatchState candidate) {
        if (old.status().isFinal() && !candidate.status().isFinal()) {
            return old;
        }
        if (old.status() != BatchStatus.VALIDATING && candidate.status() == BatchStatus.VALIDATING) {
            return old;
        }
        if (old.status() == BatchStatus.VALIDATING && candidate.status() != BatchStatus.VALIDATING) {
            return candidate;
        }
        if (old.updatedAt() != null && candidate.updatedAt() != null && candidate.updatedAt().isBefore(old.updatedAt())) {
            return old;
        }
        return candidate;
    }

    private static Instant createdAt(BatchState s) {
        return s.spec() != null && s.spec().createdAt() != null ? s.spec().createdAt() : Instant.EPOCH;
    }
}
