package com.epchat.budget.guard;

import com.epchat.budget.ledger.Ledger;
import com.epchat.budget.ledger.Window;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The user stage, in the guard's one task: the request level, then check-and-reserve against the
 * user's day, atomically (the task owns every user's books and processes one record at a time). A
 * request rejected here gets its final decision at once (headers kept, for request-reply); one that
 * passes holds a user reservation and goes on to the site stage, in the same task. Usage settles and releases
 * the user's reservation and is passed on for the site; a compensation releases a reservation the site
 * stage refused. Changed windows are
 * published to {@code ep.budget.state} by a {@link StatePublisher}.
 */
final class UserStage implements Processor<String, UserCommand, String, StageOutput> {

    static final String SITE_KEY = "site";

    private final GuardSettings settings;
    private final boolean sweeps;
    private ProcessorContext<String, StageOutput> context;
    private Ledger ledger;
    private StatePublisher states;

    private UserStage(GuardSettings settings, boolean sweeps) {
        this.settings = settings;
        this.sweeps = sweeps;
    }

    /** The stage proper, for requests and usage; it sweeps the user ledger's expired reservations. */
    static UserStage commands(GuardSettings settings) {
        return new UserStage(settings, true);
    }

    /** A second processor on the same stores, for the site stage's compensations: one sweeper a store is enough. */
    static UserStage compensations(GuardSettings settings) {
        return new UserStage(settings, false);
    }

    @Override
    public void init(ProcessorContext<String, StageOutput> context) {
        this.context = context;
        this.ledger = new Ledger(BudgetLevel.USER_DAILY, settings.userDailyLimit(), settings.windows()::userDay,
                settings.windows(), context.getStateStore(BudgetStores.USER_SPEND),
                context.getStateStore(BudgetStores.USER_JOBS));
        if (sweeps) {
            context.schedule(Ledger.SWEEP_EVERY, PunctuationType.STREAM_TIME, ledger::sweep);
        }
        this.states = new StatePublisher(BudgetLevel.USER_DAILY, ledger, context);
    }

    @Override
    public void process(Record<String, UserCommand> record) {
        UserCommand command = record.value();
        if (command == null) {
            return;
        }
        if (command.request() != null) {
            request(record, command.request());
        } else if (command.usage() != null) {
            usage(record, command.usage());
        } else if (command.compensation() != null) {
            Window window = ledger.release(command.compensation().jobId(), context.currentStreamTimeMs());
            states.changed(command.compensation().userId(), window);
        }
    }

    private void request(Record<String, UserCommand> record, GenerationRequested request) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        RequestGuard guard = settings.requestGuard();
        RequestGuard.Check check = guard.check(request, now);
        if (!check.passed()) {
            context.forward(record.withValue(StageOutput.decision(check.rejection())));
            return;
        }
        String user = request.userId();
        Usd worstCase = check.estimate().worstCase();
        var existing = ledger.reservation(request.jobId());
        if (existing != null) {
            // the same request again (a producer retry): keep the one reservation, ask the site again
            forwardToSite(record, request, existing.reserved(), ledger.remaining(user, existing.window()));
            return;
        }
        Window day = ledger.windowFor(record.timestamp(), context.currentStreamTimeMs());
        Ledger.Outcome outcome = ledger.reserve(user, day, request.jobId(), worstCase, request.budgetGuard());
        if (!outcome.reserved()) {
            context.forward(record.withValue(StageOutput.decision(BudgetDecision.reject(request,
                    BudgetLevel.USER_DAILY, outcome.remaining(), day.end(), "worst case " + worstCase
                            + " exceeds what remains of the user's daily budget: " + outcome.remaining(), now))));
            return;
        }
        states.changed(user, day);
        forwardToSite(record, request, worstCase, outcome.remaining());
    }

    private void forwardToSite(Record<String, UserCommand> record, GenerationRequested request, Usd reserved,
            Usd userRemaining) {
        Usd requestRemaining = settings.requestGuard().requestCap().minus(reserved);
        SiteCommand reserve = SiteCommand.reserve(request, reserved, requestRemaining.min(userRemaining));
        // headers (the request-reply correlation id) ride along to the final decision
        context.forward(record.withKey(SITE_KEY).withValue(StageOutput.site(reserve)));
    }

    private void usage(Record<String, UserCommand> record, UsageEvent usage) {
        Usd cost = usage.cost() == null ? Usd.ZERO : usage.cost();
        Window window = ledger.settle(usage.userId(), usage.jobId(), cost, usage.last(), record.timestamp(),
                context.currentStreamTimeMs());
        states.changed(usage.userId(), window);
        context.forward(new Record<>(SITE_KEY,
                StageOutput.site(SiteCommand.settle(usage.jobId(), usage.userId(), cost, usage.last())),
                record.timestamp()));
    }
}
