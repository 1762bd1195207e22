package com.epchat.batch.coordinator;

import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * Lets a batch's items into the pipeline: at most {@code maxInFlight} running attempts per batch, in queue
 * order (ready items by line, then retries by their {@code notBefore}), and only while the batch's own cap
 * holds: {@code spent + reserved + worstCase(next) <= spec.maxCost}, exactly. An item that does not fit waits
 * while others run (they may cost less than reserved); if nothing runs it can never fit and ends
 * {@code batch_budget_exceeded}. A dispatch is the item's request stamped for its next attempt
 * ({@code <batchId>.<line>.<attempt>}), keyed by its user on {@code ep.generation.requests}.
 */
final class Metering {

    /** Ends an item for good (the coordinator's {@code end}). */
    interface Ender {
        BatchRecord end(BatchRecord batch, ItemRecord item, ItemEnd how, Instant now);
    }

    private final BatchStores stores;
    private final int maxInFlight;
    private final BatchMetrics metrics;
    private final BiConsumer<String, Emission> out;
    private final Ender ender;

    Metering(BatchStores stores, int maxInFlight, BatchMetrics metrics, BiConsumer<String, Emission> out,
            Ender ender) {
        this.stores = stores;
        this.maxInFlight = maxInFlight;
        this.metrics = metrics;
        this.out = out;
        this.ender = ender;
    }

    /** Dispatches what may go now; the batch unchanged (same instance) when nothing could. */
    BatchRecord dispatch(BatchRecord batch, Instant now) {
        if (!batch.sealed() || batch.status().isFinal() || batch.ending() != null
                || !now.isBefore(batch.spec().expiresAt())) {
            return batch;
        }
        BatchRecord next = batch;
        while (next.counts().running() < maxInFlight) {
            ItemRecord item = stores.nextReady(batch.batchId(), now);
            if (item == null) {
                break;
            }
            Usd worstCase = item.worstCase();
            Usd cap = batch.spec().maxCost();
            if (cap != null && next.spent().plus(next.reserved()).plus(worstCase).isGreaterThan(cap)) {
                if (next.counts().running() > 0) {
                    break; // what runs may cost less than reserved: wait for it before giving up
                }
                next = ender.end(next, item, ItemEnd.without(Bucket.REJECTED_BY_BUDGET, "batch_budget_exceeded",
                        "the item's worst case " + worstCase + " does not fit in the batch's maxCost " + cap
                                + " (spent " + next.spent() + ")"), now);
                continue;
            }
            ItemRecord running = item.dispatched(now);
            stores.run(item, running);
            out.accept(item.request().userId(), Emission.of(item.request().forAttempt(running.ref(), now)));
            metrics.dispatched();
            next = next.withCounts(Bucket.move(next.counts(), Bucket.PENDING, Bucket.RUNNING), now)
                    .withMoney(next.spent(), next.reserved().plus(worstCase), next.usage(), now);
        }
        return next;
    }

    /** A budget rejection under WAIT: the item goes back to the queue until the window resets (then attempt+1). */
    BatchRecord retryAt(BatchRecord batch, ItemRecord item, Instant retryAt, Instant now) {
        stores.requeue(item, item.waitingUntil(retryAt));
        return batch.withCounts(Bucket.move(batch.counts(), Bucket.RUNNING, Bucket.PENDING), now)
                .withMoney(batch.spent(), batch.reserved().minus(item.worstCase()), batch.usage(), now);
    }
}
