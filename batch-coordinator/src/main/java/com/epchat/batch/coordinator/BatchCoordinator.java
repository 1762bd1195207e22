package com.epchat.batch.coordinator;

import com.epchat.batch.coordinator.BatchRecord.Ending;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItemOutcome;
import com.epchat.topics.event.BatchResult;
import com.epchat.topics.event.BatchSpec.OnBudgetReject;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.JobControl;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch's life, one event at a time: items and seal (a re-sent one of a sealed batch is ignored), cancel,
 * the outcome of each attempt (one for an attempt that is not running is ignored), and the wall-clock tick
 * (expiry, orphaned attempts, retries that became ready). Metering is {@link Metering}'s; every item ends
 * through {@link #end}, which writes its one result. Emissions go out through {@code out} (key, emission).
 */
final class BatchCoordinator {

    private static final Logger log = LoggerFactory.getLogger(BatchCoordinator.class);
    static final String COORDINATOR = "batch-coordinator";

    /** One task's figures for the gauges. */
    record Tally(int activeBatches, long pending, long running) {
    }

    private final BatchStores stores;
    private final BatchTopology.Settings settings;
    private final BatchMetrics metrics;
    private final BiConsumer<String, Emission> out;
    private final Metering metering;

    BatchCoordinator(BatchStores stores, BatchTopology.Settings settings, BatchMetrics metrics,
            BiConsumer<String, Emission> out) {
        this.stores = stores;
        this.settings = settings;
        this.metrics = metrics;
        this.out = out;
        this.metering = new Metering(stores, settings.maxInFlight(), metrics, out, this::end);
    }

    void onInput(BatchInput input, Instant now) {
        BatchRecord batch = stores.batch(input.batchId());
        if (batch != null && (batch.sealed() && input.type() != BatchInput.Type.CANCEL)) {
            log.debug("ignoring {} of batch {}: it is sealed already (a re-upload)", input.type(), input.batchId());
            return;
        }
        BatchRecord current = batch != null ? batch : BatchRecord.validating(input.batchId(), input.userId(), now);
        switch (input.type()) {
            case ITEM -> item(current, input, now);
            case SEAL -> stores.save(settle(seal(current, input, now), now));
            case CANCEL -> cancel(batch, input, now);
        }
    }

    private void item(BatchRecord batch, BatchInput input, Instant now) {
        var item = input.item();
        boolean known = stores.item(batch.batchId(), item.line()) != null;
        stores.queue(ItemRecord.received(batch.batchId(), item.customId(), item.line(), item.request()));
        if (!known) {
            stores.save(batch.withReceived(batch.received() + 1, Bucket.move(batch.counts(), null, Bucket.PENDING),
                    now));
        }
    }

    private BatchRecord seal(BatchRecord batch, BatchInput input, Instant now) {
        BatchRecord sealed = batch.sealedWith(input.spec(), batch.counts(), now);
        if (batch.received() != input.spec().total()) {
            // the upload is not what its seal says: run none of it rather than part of it
            String message = "the batch's seal says " + input.spec().total() + " items but " + batch.received()
                    + " arrived";
            log.warn("batch {} failed: {}", batch.batchId(), message);
            for (ItemRecord item : stores.received(batch.batchId())) {
                sealed = end(sealed, item, ItemEnd.without(Bucket.FAILED, "batch_incomplete", message), now);
            }
            return sealed;
        }
        if (batch.ending() == Ending.CANCELLED) {
            return stop(sealed, Ending.CANCELLED, batch.cancelRequestedBy(), now); // cancelled while uploading
        }
        return metering.dispatch(sealed, now);
    }

    private void cancel(BatchRecord batch, BatchInput input, Instant now) {
        if (batch == null || batch.status().isFinal() || batch.ending() != null) {
            log.debug("ignoring the cancel of batch {}: unknown, final or ending already", input.batchId());
            return;
        }
        if (!batch.sealed()) {
            stores.save(batch.endingWith(Ending.CANCELLED, input.requestedBy(), now)); // the seal will stop it
            return;
        }
        stores.save(settle(stop(batch, Ending.CANCELLED, input.requestedBy(), now), now));
    }

    void onOutcome(BatchItemOutcome outcome, Instant now) {
        var ref = outcome.batch();
        BatchRecord batch = stores.batch(ref.batchId());
        ItemRecord item = batch == null || !batch.sealed() || batch.status().isFinal() ? null
                : stores.item(ref.batchId(), ref.line());
        if (item == null || !item.running() || item.attempt() != ref.attempt() || !outcome.state().isFinal()) {
            log.debug("ignoring outcome {} of job {}: that attempt is not running", outcome.state(), outcome.jobId());
            metrics.ignoredOutcome();
            return;
        }
        BatchRecord next = switch (outcome.state()) {
            case COMPLETED -> end(batch, item, ItemEnd.of(Bucket.SUCCEEDED, outcome, null), now);
            case REJECTED -> rejected(batch, item, outcome, now);
            case CANCELLED -> batch.ending() == null
                    ? end(batch, item, ItemEnd.of(Bucket.CANCELLED, outcome,
                            ItemEnd.error("cancelled", "the job was cancelled on its own")), now)
                    : end(batch, item, ItemEnd.of(bucketOf(batch.ending()), outcome, errorOf(batch.ending())), now);
            default -> batch.ending() == null
                    ? end(batch, item, ItemEnd.of(Bucket.FAILED, outcome, ItemEnd.error(
                            outcome.error() == null ? "provider_error" : outcome.error(), "the job failed")), now)
                    : end(batch, item, ItemEnd.of(bucketOf(batch.ending()), outcome, errorOf(batch.ending())), now);
        };
        stores.save(settle(metering.dispatch(next, now), now));
    }

    private BatchRecord rejected(BatchRecord batch, ItemRecord item, BatchItemOutcome outcome, Instant now) {
        if (batch.ending() != null) {
            return end(batch, item, ItemEnd.of(bucketOf(batch.ending()), outcome, errorOf(batch.ending())), now);
        }
        Instant retryAt = outcome.retryAt();
        if (batch.spec().onBudgetReject() == OnBudgetReject.WAIT && retryAt != null
                && retryAt.isBefore(batch.spec().expiresAt())) {
            return metering.retryAt(batch, item, retryAt, now);
        }
        String level = outcome.rejectedAt() == null ? "unknown" : outcome.rejectedAt().name().toLowerCase(Locale.ROOT);
        return end(batch, item, ItemEnd.of(Bucket.REJECTED_BY_BUDGET, outcome, ItemEnd.error("budget_rejected",
                "rejected by the budget guard at level " + level)), now);
    }

    /** Expires due batches, force-ends orphaned attempts, dispatches ready items, publishes changed states. */
    Tally tick(Instant now) {
        long pending = 0;
        long running = 0;
        var active = stores.activeBatches();
        for (String batchId : active) {
            BatchRecord before = stores.batch(batchId);
            BatchRecord batch = before;
            if (batch.ending() == null && !now.isBefore(batch.spec().expiresAt())) {
                batch = stop(batch, Ending.EXPIRED, COORDINATOR, now);
            }
            batch = batch.ending() != null ? endOrphans(batch, now) : metering.dispatch(batch, now);
            batch = settle(batch, now);
            if (batch != before) {
                stores.save(batch);
            }
            pending += batch.counts().pending();
            running += batch.counts().running();
        }
        for (BatchRecord changed : stores.takeDirty()) {
            out.accept(changed.batchId(), Emission.of(changed.state()));
        }
        return new Tally(active.size(), pending, running);
    }

    /** Cancel or expiry: pending items end at once, running attempts are told to stop and end when they report. */
    private BatchRecord stop(BatchRecord batch, Ending why, String requestedBy, Instant now) {
        BatchRecord stopping = batch.endingWith(why, requestedBy, now);
        for (ItemRecord item : stores.pending(batch.batchId())) {
            stopping = end(stopping, item, ItemEnd.without(bucketOf(why), errorOf(why).code(), errorOf(why).message()),
                    now);
        }
        for (ItemRecord item : stores.running(batch.batchId())) {
            String jobId = item.ref().jobId();
            out.accept(jobId, Emission.of(new JobControl(jobId, item.request().userId(), JobControl.Action.CANCEL,
                    requestedBy, now)));
            stores.update(item.cancelSent(now));
        }
        return stopping;
    }

    private BatchRecord endOrphans(BatchRecord batch, Instant now) {
        BatchRecord next = batch;
        for (ItemRecord item : stores.running(batch.batchId())) {
            if (item.cancelSentAt() != null && !now.isBefore(item.cancelSentAt().plus(settings.orphanTimeout()))) {
                log.warn("job {} did not report within {} of its cancel: ending it as {}", item.ref().jobId(),
                        settings.orphanTimeout(), errorOf(batch.ending()).code());
                next = end(next, item, ItemEnd.without(bucketOf(batch.ending()), errorOf(batch.ending()).code(),
                        "no outcome came within BATCH_ORPHAN_TIMEOUT of the cancel"), now);
            }
        }
        return next;
    }

    /** Ends an item for good: counts, money, its one result, and it leaves the stores. */
    BatchRecord end(BatchRecord batch, ItemRecord item, ItemEnd how, Instant now) {
        Bucket from = item.running() ? Bucket.RUNNING : Bucket.PENDING;
        var reserved = item.running() ? batch.reserved().minus(item.worstCase()) : batch.reserved();
        out.accept(BatchResult.key(batch.batchId(), item.customId()), Emission.of(new BatchResult(batch.batchId(),
                item.customId(), item.line(), item.attempt() == 0 ? null : item.ref().jobId(), how.output(),
                how.finishReason(), how.usage(), how.cost(), how.error(), now)));
        stores.remove(item);
        metrics.ended(how.bucket().tag);
        return batch.withCounts(Bucket.move(batch.counts(), from, how.bucket()), now)
                .withMoney(batch.spent().plus(how.cost()), reserved, batch.usage().plus(how.usage()), now);
    }

    /** The status the counts say, for a sealed batch that is not final yet. */
    static BatchRecord settle(BatchRecord batch, Instant now) {
        if (!batch.sealed() || batch.status().isFinal()) {
            return batch;
        }
        var c = batch.counts();
        BatchStatus next;
        if (batch.ending() != null) {
            boolean cancelled = batch.ending() == Ending.CANCELLED;
            next = c.running() > 0 ? (cancelled ? BatchStatus.CANCELLING : BatchStatus.FINALIZING)
                    : (cancelled ? BatchStatus.CANCELLED : BatchStatus.EXPIRED);
        } else if (c.pending() == 0 && c.running() == 0) {
            next = c.total() > 0 && c.failed() == c.total() ? BatchStatus.FAILED : BatchStatus.COMPLETED;
        } else {
            next = c.pending() == 0 ? BatchStatus.FINALIZING : BatchStatus.IN_PROGRESS;
        }
        return next == batch.status() ? batch : batch.withStatus(next, now);
    }

    static Bucket bucketOf(Ending ending) {
        return ending == Ending.CANCELLED ? Bucket.CANCELLED : Bucket.EXPIRED;
    }

    static BatchResult.Error errorOf(Ending ending) {
        return ending == Ending.CANCELLED ? ItemEnd.error("batch_cancelled", "the batch was cancelled")
                : ItemEnd.error("batch_expired", "the batch's completion window ended");
    }
}
