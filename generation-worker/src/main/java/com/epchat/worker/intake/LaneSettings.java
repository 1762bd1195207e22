package com.epchat.worker.intake;

import com.epchat.topics.Topics;
import com.epchat.topics.event.Lane;

/**
 * One lane of the worker: the decisions topic it reads, its consumer group and listener id, and its own
 * share of the instance (provider streams, running jobs per user). Each lane gets its own
 * {@link DecisionIntake}, scheduler and threads, so a full lane never holds up the other.
 */
public record LaneSettings(Lane lane, String topic, String groupId, String listenerId, int maxActiveStreams,
        int maxConcurrencyPerUser) {

    /** The listener id (and container bean name) of the interactive lane's consumer. */
    public static final String INTERACTIVE_LISTENER = "generation-worker";
    /** The listener id (and container bean name) of the bulk lane's consumer. */
    public static final String BULK_LISTENER = "generation-worker-bulk";

    /** {@code ep.budget.decisions}, group {@code ep-generation-worker}: {@code RL_MAX_ACTIVE_STREAMS} slots. */
    public static LaneSettings interactive(int maxActiveStreams, int maxConcurrencyPerUser) {
        return new LaneSettings(Lane.INTERACTIVE, Topics.BUDGET_DECISIONS.name(), "ep-generation-worker",
                INTERACTIVE_LISTENER, maxActiveStreams, maxConcurrencyPerUser);
    }

    /** {@code ep.budget.decisions.bulk}, group {@code ep-generation-worker-bulk}: {@code WORKER_BULK_*} slots. */
    public static LaneSettings bulk(int maxActiveStreams, int maxConcurrencyPerUser) {
        return new LaneSettings(Lane.BULK, Topics.BUDGET_DECISIONS_BULK.name(), "ep-generation-worker-bulk",
                BULK_LISTENER, maxActiveStreams, maxConcurrencyPerUser);
    }

    /** The lane as a metric tag and thread-name part: {@code interactive}, {@code bulk}. */
    public String tag() {
        return lane.name().toLowerCase(java.util.Locale.ROOT);
    }
}
