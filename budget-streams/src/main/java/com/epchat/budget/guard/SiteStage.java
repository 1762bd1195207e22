package com.epchat.budget.guard;

import com.epchat.budget.ledger.JobReservation;
import com.epchat.budget.ledger.Ledger;
import com.epchat.budget.ledger.Window;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The site stage, after the user stage in the guard's one task: check-and-reserve against the site's
 * clock hour for requests the user stage approved, and settle/release their usage. It
 * writes the final decision of every request that got this far (approved, or rejected at
 * {@code site_hourly}) keyed by userId with the request's headers; a rejection also sends a
 * compensation back to the user stage, which releases the user reservation.
 */
final class SiteStage implements Processor<String, SiteCommand, String, StageOutput> {

    private final GuardSettings settings;
    private ProcessorContext<String, StageOutput> context;
    private Ledger ledger;
    private StatePublisher states;

    SiteStage(GuardSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, StageOutput> context) {
        this.context = context;
        this.ledger = new Ledger(BudgetLevel.SITE_HOURLY, settings.siteHourlyLimit(), settings.windows()::siteHour,
                settings.windows(), context.getStateStore(BudgetStores.SITE_SPEND),
                context.getStateStore(BudgetStores.SITE_JOBS));
        context.schedule(Ledger.SWEEP_EVERY, PunctuationType.STREAM_TIME, ledger::sweep);
        this.states = new StatePublisher(BudgetLevel.SITE_HOURLY, ledger, context);
    }

    @Override
    public void process(Record<String, SiteCommand> record) {
        SiteCommand command = record.value();
        if (command == null) {
            return;
        }
        long streamTime = context.currentStreamTimeMs();
        if (command.kind() == SiteCommand.Kind.SETTLE) {
            Window hour = ledger.settle(UserStage.SITE_KEY, command.jobId(), command.amount(), command.last(),
                    record.timestamp(), streamTime);
            states.changed(UserStage.SITE_KEY, hour);
            return;
        }
        reserve(record, command, streamTime);
    }

    private void reserve(Record<String, SiteCommand> record, SiteCommand command, long streamTime) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        GenerationRequested request = command.request();
        Usd worstCase = command.amount();
        JobReservation existing = ledger.reservation(request.jobId());
        if (existing != null) {
            decide(record, request, BudgetDecision.approve(request, existing.reserved(), command.remaining(), now));
            return;
        }
        Window hour = ledger.windowFor(record.timestamp(), streamTime);
        Ledger.Outcome outcome = ledger.reserve(UserStage.SITE_KEY, hour, request.jobId(), worstCase,
                request.budgetGuard());
        if (!outcome.reserved()) {
            decide(record, request, BudgetDecision.reject(request, BudgetLevel.SITE_HOURLY, outcome.remaining(),
                    hour.end(), "worst case " + worstCase + " exceeds what remains of the site's hourly budget: "
                            + outcome.remaining(), now));
            context.forward(new Record<>(request.userId(),
                    StageOutput.compensation(new Compensation(request.jobId(), request.userId())), record.timestamp()));
            return;
        }
        states.changed(UserStage.SITE_KEY, hour);
        decide(record, request, BudgetDecision.approve(request, worstCase,
                command.remaining().min(outcome.remaining()), now));
    }

    /** The final decision, keyed by user (its partition of the decisions topic), with the request's headers. */
    private void decide(Record<String, SiteCommand> record, GenerationRequested request, BudgetDecision decision) {
        context.forward(record.withKey(request.userId()).withValue(StageOutput.decision(decision)));
    }
}
