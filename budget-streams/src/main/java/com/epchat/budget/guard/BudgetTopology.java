package com.epchat.budget.guard;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetState;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The three-level budget guard as one topology.
 *
 * <pre>
 * ep.generation.requests ─┐                       ┌─▶ ep.budget.decisions[.bulk] (request / user_daily rejections)
 * ep.usage ───────────────┴▶ user-stage ──────────┼─▶ ep.budget.state       (user_daily/&lt;user&gt;)
 *          ┌────────────────▶ (user's task)       └─▶ site-stage repartition (1 partition, key "site")
 *          │                                                    │
 *          │                                                    ▼
 *          │                                               site-stage ──▶ ep.budget.decisions[.bulk] (approvals, site_hourly rejections)
 *          │                                                    │     ──▶ ep.budget.state     (site_hourly/site)
 *  user-stage-compensate ◀── user-compensation repartition ◀────┘ (12 partitions, key userId)
 * </pre>
 *
 * In: {@code ep.generation.requests} and {@code ep.usage} (userId → GenerationRequested / UsageEvent,
 * co-partitioned). Out: {@code ep.budget.decisions} (userId → BudgetDecision), exactly one final
 * decision per request, carrying the request's headers, or {@code ep.budget.decisions.bulk} for a
 * request of lane {@code bulk} (every decision sink routes by lane, {@link DecisionLanes}); {@code ep.budget.state}
 * ({@code <level>/<subject>} → BudgetState). An approval exists only once both the user and the site
 * stage reserved, so the worker never sees an intermediate one. Internal topics
 * {@code <application.id>-site-stage-repartition} and {@code <application.id>-user-compensation-repartition};
 * stores in {@link BudgetStores}.
 */
public final class BudgetTopology {

    public static final String SITE_STAGE_TOPIC = "site-stage";
    public static final String COMPENSATION_TOPIC = "user-compensation";

    private BudgetTopology() {
    }

    public static BudgetTopology build(StreamsBuilder builder, GuardSettings settings) {
        BudgetStores.addTo(builder, settings.windows());
        KStream<String, UserCommand> requests = builder.stream(Topics.GENERATION_REQUESTS.name(),
                        Consumed.with(Topics.GENERATION_REQUESTS.keySerde(), Topics.GENERATION_REQUESTS.valueSerde())
                                .withName("read-generation-requests"))
                .mapValues(UserCommand::request, Named.as("request-as-user-command"));
        KStream<String, UserCommand> usage = builder.stream(Topics.USAGE.name(),
                        Consumed.with(Topics.USAGE.keySerde(), Topics.USAGE.valueSerde()).withName("read-usage"))
                .mapValues(UserCommand::usage, Named.as("usage-as-user-command"));

        KStream<String, StageOutput> user = requests.merge(usage, Named.as("merge-user-commands"))
                .process(() -> new UserStage(settings), Named.as("user-stage"),
                        BudgetStores.USER_SPEND, BudgetStores.USER_JOBS);
        writeDecisions(part(user, "user-stage-decisions", StageOutput::decision), "write-user-stage-decisions");
        writeStates(part(user, "user-stage-states", StageOutput::state), "write-user-stage-states");

        KStream<String, StageOutput> site = part(user, "user-stage-site-commands", StageOutput::site)
                .repartition(Repartitioned.<String, SiteCommand>as(SITE_STAGE_TOPIC)
                        .withKeySerde(BudgetStores.KEYS).withValueSerde(BudgetStores.SITE_COMMANDS)
                        // one partition: every site-wide check-and-reserve happens in one task, in order
                        .withNumberOfPartitions(1))
                .process(() -> new SiteStage(settings), Named.as("site-stage"),
                        BudgetStores.SITE_SPEND, BudgetStores.SITE_JOBS);
        writeDecisions(part(site, "site-stage-decisions", StageOutput::decision), "write-site-stage-decisions");
        writeStates(part(site, "site-stage-states", StageOutput::state), "write-site-stage-states");

        KStream<String, StageOutput> compensated = part(site, "site-stage-compensations", StageOutput::compensation)
                .repartition(Repartitioned.<String, Compensation>as(COMPENSATION_TOPIC)
                        .withKeySerde(BudgetStores.KEYS).withValueSerde(BudgetStores.COMPENSATIONS)
                        // as many partitions as the user topics: the record reaches the task of the user's partition
                        .withNumberOfPartitions(Topics.USER_PARTITIONS))
                .mapValues(UserCommand::compensation, Named.as("compensation-as-user-command"))
                // a second processor on the user stores: Kafka Streams puts it in the user's task
                .process(() -> new UserStage(settings), Named.as("user-stage-compensate"),
                        BudgetStores.USER_SPEND, BudgetStores.USER_JOBS);
        writeStates(part(compensated, "user-stage-compensate-states", StageOutput::state),
                "write-user-stage-compensate-states");
        return new BudgetTopology();
    }

    /** The records of a stage's output that carry {@code part}, as that part. */
    private static <T> KStream<String, T> part(KStream<String, StageOutput> out, String name,
            Function<StageOutput, T> part) {
        return out.filter((key, value) -> part.apply(value) != null, Named.as(name + "-filter"))
                .mapValues(part::apply, Named.as(name));
    }

    /** Decisions go to their lane's topic ({@link DecisionLanes}); both topics have the same serdes. */
    private static void writeDecisions(KStream<String, BudgetDecision> decisions, String name) {
        decisions.to(new DecisionLanes(),
                Produced.with(Topics.BUDGET_DECISIONS.keySerde(), Topics.BUDGET_DECISIONS.valueSerde()).withName(name));
    }

    private static void writeStates(KStream<String, BudgetState> states, String name) {
        states.to(Topics.BUDGET_STATE.name(),
                Produced.with(Topics.BUDGET_STATE.keySerde(), Topics.BUDGET_STATE.valueSerde()).withName(name));
    }
}
