package com.epchat.topics;

import com.epchat.topics.Topic.Cleanup;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue: the only place a topic name is written. Each constant documents its key,
 * value, writer and readers; the module README has the same as a table.
 */
public final class Topics {

    /**
     * Partitions of the topics keyed by user. Requests, decisions and usage must share it: a user's
     * check-and-reserve and settlement then happen in one budget-streams task.
     */
    public static final int USER_PARTITIONS = 12;

    /** Partitions of the topics keyed by job. */
    public static final int JOB_PARTITIONS = 12;

    private static final Serde<String> STRING = Serdes.String();

    /** Key userId, value {@link GenerationRequested}. Written by ingest-api; read by budget-streams. 7 days. */
    public static final Topic<String, GenerationRequested> GENERATION_REQUESTS = new Topic<>(
            "ep.generation.requests", STRING, new JsonSerde<>(GenerationRequested.class),
            USER_PARTITIONS, Cleanup.DELETE, Duration.ofDays(7));

    /**
     * Key userId, value {@link BudgetDecision}. Written by budget-streams (carrying the request's
     * correlation header back); read by ingest-api (request-reply) and generation-worker (approved jobs). 7 days.
     */
    public static final Topic<String, BudgetDecision> BUDGET_DECISIONS = new Topic<>(
            "ep.budget.decisions", STRING, new JsonSerde<>(BudgetDecision.class),
            USER_PARTITIONS, Cleanup.DELETE, Duration.ofDays(7));

    /**
     * Key jobId, value {@link ChunkEvent}. Written by generation-worker; read by the SSE relay in
     * ingest-api. 24 hours: the window in which a finished job's stream can be replayed.
     */
    public static final Topic<String, ChunkEvent> GENERATION_CHUNKS = new Topic<>(
            "ep.generation.chunks", STRING, new JsonSerde<>(ChunkEvent.class),
            JOB_PARTITIONS, Cleanup.DELETE, Duration.ofHours(24));

    /**
     * Key userId, value {@link UsageEvent}: one per provider call. Written by generation-worker;
     * read by budget-streams (settlement) and cost-aggregator (finance rollups). 90 days.
     */
    public static final Topic<String, UsageEvent> USAGE = new Topic<>(
            "ep.usage", STRING, new JsonSerde<>(UsageEvent.class),
            USER_PARTITIONS, Cleanup.DELETE, Duration.ofDays(90));

    /**
     * Key jobId, value {@link JobStatus}, compacted. Written by generation-worker (and by ingest-api
     * for rejected jobs); read by ingest-api ({@code GET /api/jobs/{id}}) and by a worker taking over a job.
     */
    public static final Topic<String, JobStatus> JOB_STATUS = new Topic<>(
            "ep.job.status", STRING, new JsonSerde<>(JobStatus.class),
            JOB_PARTITIONS, Cleanup.COMPACT, Duration.ofDays(1));

    private static final List<Topic<?, ?>> ALL = List.of(
            GENERATION_REQUESTS, BUDGET_DECISIONS, GENERATION_CHUNKS, USAGE, JOB_STATUS);

    private Topics() {
    }

    /** Every topic of the pipeline, for creation at start-up and for documentation checks. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }
}
