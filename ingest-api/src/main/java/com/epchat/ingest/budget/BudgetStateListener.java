package com.epchat.ingest.budget;

import com.epchat.ingest.kafka.CompactedTopicFollower;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetState;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Materializes {@code ep.budget.state} (small, compacted, written in transactions) into the
 * {@link BudgetStateView}: every partition from the beginning, read_committed, by a
 * {@link CompactedTopicFollower}. The view is loaded once the follower has caught up with the
 * topic's end at start-up; ended windows are evicted every 10 minutes.
 */
public class BudgetStateListener extends CompactedTopicFollower<String, BudgetState> {

    private static final Duration EVICT_EVERY = Duration.ofMinutes(10);

    public BudgetStateListener(KafkaProperties kafka, BudgetStateView view) {
        super(kafka, follow("budget-state-view", Topics.BUDGET_STATE)
                .onRecord(r -> view.apply(r.key(), r.value()))
                .onCaughtUp(view::markLoaded)
                .housekeeping(EVICT_EVERY, () -> view.evictEnded(Instant.now())));
    }
}
