package com.epchat.topics;

import com.epchat.topics.Topic.Cleanup;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.DeadLetter;
import com.epchat.topics.event.FeatureFlags;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.JobControl;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * The topic catalogue: the only place a topic name is written. Each constant documents its key,
 * value, writer and readers; the module README has the same as a table.
 */
public final class Topics {

    /** Partitions of the topics keyed by user (decisions, usage): a user's records stay in order. */
    public static final int USER_PARTITIONS = 12;

    /**
     * Partitions of ep.generation.requests: one. budget-streams decides every request in one task (the
     * site's hour is one key), where usage meets them on a one-partition repartition topic; a request read
     * straight from its topic is decided with one exactly-once commit. budget-streams refuses to start on a
     * requests topic with more.
     */
    public static final int GUARD_PARTITIONS = 1;

    /** Partitions of the topics keyed by job. */
    public static final int JOB_PARTITIONS = 12;

    private static final Serde<String> STRING = Serdes.String();

    /**
     * Key userId, value {@link GenerationRequested}, one partition ({@link #GUARD_PARTITIONS}). Written by
     * ingest-api and batch-coordinator; read by budget-streams. 7 days.
     */
    public static final Topic<String, GenerationRequested> GENERATION_REQUESTS = new Topic<>(
            "ep.generation.requests", STRING, new JsonSerde<>(GenerationRequested.class),
            GUARD_PARTITIONS, Cleanup.DELETE, Duration.ofDays(7));

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
     * Key jobId, value {@link JobStatus}, compacted. Written by generation-worker and by ingest-api
     * (queued, before the job's request is published; rejected); read by ingest-api
     * ({@code GET /api/jobs/{id}}, its event stream) and by a worker taking over a job.
     */
    public static final Topic<String, JobStatus> JOB_STATUS = new Topic<>(
            "ep.job.status", STRING, new JsonSerde<>(JobStatus.class),
            JOB_PARTITIONS, Cleanup.COMPACT, Duration.ofDays(1));

    /**
     * Key {@code <level>/<subject>} ({@code user_daily/alice}, {@code site_hourly/site}), value
     * {@link BudgetState}, compacted. Written by budget-streams; read by ingest-api (preflight, metrics).
     */
    public static final Topic<String, BudgetState> BUDGET_STATE = new Topic<>(
            "ep.budget.state", STRING, new JsonSerde<>(BudgetState.class),
            1, Cleanup.COMPACT, Duration.ofDays(1));

    /**
     * Key jobId, value {@link JobControl}. Written by ingest-api (cancel); read by every
     * generation-worker instance. 1 day.
     */
    public static final Topic<String, JobControl> JOB_CONTROL = new Topic<>(
            "ep.job.control", STRING, new JsonSerde<>(JobControl.class),
            1, Cleanup.DELETE, Duration.ofDays(1));

    /**
     * Key {@code <day start>/<userId>}, value {@link FinanceRollup}, compacted: usage per user per day
     * (in {@code BUDGET_TIMEZONE}). Written by cost-aggregator; read by finance tools and the cost report.
     */
    public static final Topic<String, FinanceRollup> FINANCE_USER_DAILY = new Topic<>(
            "ep.finance.user-daily", STRING, new JsonSerde<>(FinanceRollup.class),
            6, Cleanup.COMPACT, Duration.ofDays(7));

    /**
     * Key {@code <hour start>/site}, value {@link FinanceRollup}, compacted: site-wide usage per
     * clock hour. Written by cost-aggregator; read by finance tools and the cost report.
     */
    public static final Topic<String, FinanceRollup> FINANCE_SITE_HOURLY = new Topic<>(
            "ep.finance.site-hourly", STRING, new JsonSerde<>(FinanceRollup.class),
            6, Cleanup.COMPACT, Duration.ofDays(7));

    /**
     * Key {@code <day start>/<apiModel>}, value {@link FinanceRollup}, compacted: usage per API model
     * per UTC day. Written by cost-aggregator; read by finance tools and the cost report.
     */
    public static final Topic<String, FinanceRollup> FINANCE_MODEL_DAILY = new Topic<>(
            "ep.finance.model-daily", STRING, new JsonSerde<>(FinanceRollup.class),
            6, Cleanup.COMPACT, Duration.ofDays(7));

    /**
     * Key usageId, value {@link CostCorrection}: usage that arrived after its window's grace.
     * Written by cost-aggregator; read by finance. 365 days.
     */
    public static final Topic<String, CostCorrection> FINANCE_CORRECTIONS = new Topic<>(
            "ep.finance.corrections", STRING, new JsonSerde<>(CostCorrection.class),
            1, Cleanup.DELETE, Duration.ofDays(365));

    /**
     * Key as the poison record's, value {@link DeadLetter}: records a service could not read.
     * Written by every service; read by operators. 30 days.
     */
    public static final Topic<String, DeadLetter> DEAD_LETTERS = new Topic<>(
            "ep.dead-letters", STRING, new JsonSerde<>(DeadLetter.class),
            1, Cleanup.DELETE, Duration.ofDays(30));

    /**
     * Key {@value FeatureFlags#KEY}, value {@link FeatureFlags}, compacted: the live switches. Written by
     * the {@code ep} command (and a service seeding it from its environment when empty); read by every
     * service instance.
     */
    public static final Topic<String, FeatureFlags> FEATURE_FLAGS = new Topic<>(
            "ep.control.flags", STRING, new JsonSerde<>(FeatureFlags.class),
            1, Cleanup.COMPACT, Duration.ofDays(1));

    /**
     * Partitions of the batch topics keyed by batchId. Input, outcomes, state and results share it: a
     * batch's records all meet in one batch-coordinator task, and {@link #batchPartition} is where its
     * results are.
     */
    public static final int BATCH_PARTITIONS = 12;

    /**
     * Key userId, value {@link BudgetDecision} of a bulk request ({@code lane bulk}). Written by
     * budget-streams; read by generation-worker's bulk lane (its own consumer group and stream slots).
     * Interactive decisions never queue behind these. 7 days.
     */
    public static final Topic<String, BudgetDecision> BUDGET_DECISIONS_BULK = new Topic<>(
            "ep.budget.decisions.bulk", STRING, new JsonSerde<>(BudgetDecision.class),
            USER_PARTITIONS, Cleanup.DELETE, Duration.ofDays(7));

    /**
     * Key batchId, value {@link BatchInput}: a batch's items, then its seal (one transaction), then
     * possibly a cancel. Written by ingest-api; read by batch-coordinator. 8 days (longer than the
     * longest completion window).
     */
    public static final Topic<String, BatchInput> BATCH_INPUT = new Topic<>(
            "ep.batch.input", STRING, new JsonSerde<>(BatchInput.class),
            BATCH_PARTITIONS, Cleanup.DELETE, Duration.ofDays(8));

    /**
     * Key batchId, value {@link BatchItemOutcome}: how each attempt of a bulk item ended. Written by
     * generation-worker; read by batch-coordinator. 8 days.
     */
    public static final Topic<String, BatchItemOutcome> BATCH_OUTCOMES = new Topic<>(
            "ep.batch.outcomes", STRING, new JsonSerde<>(BatchItemOutcome.class),
            BATCH_PARTITIONS, Cleanup.DELETE, Duration.ofDays(8));

    /**
     * Key batchId, value {@link BatchState} (status, counts, spend), compacted and deleted 30 days after
     * a batch's last change. Written by batch-coordinator; read by ingest-api.
     */
    public static final Topic<String, BatchState> BATCH_STATE = new Topic<>(
            "ep.batch.state", STRING, new JsonSerde<>(BatchState.class),
            BATCH_PARTITIONS, Cleanup.COMPACT_DELETE, Duration.ofDays(30));

    /**
     * Key {@code <batchId>/<custom_id>}, value {@link BatchResult}, compacted and deleted after 30 days,
     * written to partition {@link #batchPartition} of its batch. Written by batch-coordinator; read by
     * ingest-api ({@code GET /api/batches/{id}/results}).
     */
    public static final Topic<String, BatchResult> BATCH_RESULTS = new Topic<>(
            "ep.batch.results", STRING, new JsonSerde<>(BatchResult.class),
            BATCH_PARTITIONS, Cleanup.COMPACT_DELETE, Duration.ofDays(30));

    private static final List<Topic<?, ?>> ALL = List.of(
            GENERATION_REQUESTS, BUDGET_DECISIONS, GENERATION_CHUNKS, USAGE, JOB_STATUS, BUDGET_STATE, JOB_CONTROL,
            FINANCE_USER_DAILY, FINANCE_SITE_HOURLY, FINANCE_MODEL_DAILY, FINANCE_CORRECTIONS, DEAD_LETTERS,
            FEATURE_FLAGS, BUDGET_DECISIONS_BULK, BATCH_INPUT, BATCH_OUTCOMES, BATCH_STATE, BATCH_RESULTS);

    private Topics() {
    }

    /**
     * The partition of the batch topics that holds a batch: the one Kafka's default partitioner gives
     * the key {@code batchId} (murmur2), so the input, outcomes and state of a batch, and its results
     * (whose keys are longer), are all there.
     */
    public static int batchPartition(String batchId) {
        return Utils.toPositive(Utils.murmur2(batchId.getBytes(StandardCharsets.UTF_8))) % BATCH_PARTITIONS;
    }

    /** Every topic of the pipeline, for creation at start-up and for documentation checks. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }
}
