package com.epchat.budget.guard;

import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.UsageEvent;
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
 * ep.generation.requests (1 partition) ──────────────┐
 * ep.usage (12) ──▶ usage-to-guard repartition (1) ──┤   one task, one commit per decision
 *                                                    ▼
 *   user-stage ──▶ decisions (request / user_daily rejections), state (user_daily/&lt;user&gt;)
 *       │ passed
 *       ▼
 *   site-stage ──▶ decisions (approvals, site_hourly rejections), state (site_hourly/site)
 *       │ site_hourly rejection
 *       ▼
 *   user-stage-compensate ──▶ state (user_daily/&lt;user&gt;)
 * </pre>
 *
 * In: {@code ep.generation.requests} and {@code ep.usage} (userId → GenerationRequested / UsageEvent).
 * Out: {@code ep.budget.decisions} (userId → BudgetDecision), exactly one final decision per request,
 * carrying the request's headers, or {@code ep.budget.decisions.bulk} for a request of lane {@code bulk}
 * (every decision sink routes by lane, {@link DecisionLanes}); {@code ep.budget.state}
 * ({@code <level>/<subject>} → BudgetState).
 *
 * <p>Every request is decided in one task: the requests topic has one partition
 * ({@link Topics#GUARD_PARTITIONS}) and usage is repartitioned onto one, so requests and usage are
 * co-partitioned and check-and-reserve is atomic at all three levels. The user stage checks the request
 * cap and the user's day and reserves; the site stage, after it in the same task, checks and reserves the
 * site's hour, or rejects and compensates the user reservation. No topic lies between the stages, so a
 * decision waits for one exactly-once commit, and an approval exists only once both levels reserved. The
 * site stage needs one task anyway (one site-wide key); the user stage shares it, so decisions per second
 * are what one stream thread does (bench/results/issue-3.md). Internal topic
 * {@code <application.id>-usage-to-guard-repartition}; stores in {@link BudgetStores}.
 */
public final class BudgetTopology {

    public static final String USAGE_TOPIC = "usage-to-guard";

    private BudgetTopology() {
    }

    public static BudgetTopology build(StreamsBuilder builder, GuardSettings settings) {
        BudgetStores.addTo(builder, settings.windows());
        // requests are on the guard's one partition: one commit between a request and its decision
        KStream<String, UserCommand> requests = builder.stream(Topics.GENERATION_REQUESTS.name(),
                        Consumed.with(Topics.GENERATION_REQUESTS.keySerde(), Topics.GENERATION_REQUESTS.valueSerde())
                                .withName("read-generation-requests"))
                .mapValues(UserCommand::request, Named.as("request-as-user-command"));
        // usage (on the user partitions) is brought to that partition; nobody awaits a settlement
        KStream<String, UserCommand> usage = builder.stream(Topics.USAGE.name(),
                        Consumed.with(Topics.USAGE.keySerde(), Topics.USAGE.valueSerde()).withName("read-usage"))
                .repartition(Repartitioned.<String, UsageEvent>as(USAGE_TOPIC)
                        .withKeySerde(Topics.USAGE.keySerde()).withValueSerde(Topics.USAGE.valueSerde())
                        .withNumberOfPartitions(Topics.GUARD_PARTITIONS))
                .mapValues(UserCommand::usage, Named.as("usage-as-user-command"));

        KStream<String, StageOutput> user = requests.merge(usage, Named.as("merge-user-commands"))
                .process(() -> UserStage.commands(settings), Named.as("user-stage"),
                        BudgetStores.USER_SPEND, BudgetStores.USER_JOBS);
        writeDecisions(part(user, "user-stage-decisions", StageOutput::decision), "write-user-stage-decisions");
        writeStates(part(user, "user-stage-states", StageOutput::state), "write-user-stage-states");

        // the site stage runs after the user stage, in the same task: no topic between them
        KStream<String, StageOutput> site = part(user, "user-stage-site-commands", StageOutput::site)
                .process(() -> new SiteStage(settings), Named.as("site-stage"),
                        BudgetStores.SITE_SPEND, BudgetStores.SITE_JOBS);
        writeDecisions(part(site, "site-stage-decisions", StageOutput::decision), "write-site-stage-decisions");
        writeStates(part(site, "site-stage-states", StageOutput::state), "write-site-stage-states");

        KStream<String, StageOutput> compensated = part(site, "site-stage-compensations", StageOutput::compensation)
                .mapValues(UserCommand::compensation, Named.as("compensation-as-user-command"))
                // a second processor on the user stores, handed the site stage's rejection before it commits
                .process(() -> UserStage.compensations(settings), Named.as("user-stage-compensate"),
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
