package com.epchat.ingest.batches;

import com.epchat.ingest.security.ApiUser;
import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchSpec;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/batches} behind the HTTP layer: the Idempotency-Key check, reading and validating
 * the file into a spool, publishing items and seal in one transaction, and the {@code validating}
 * placeholder in this instance's view. In: the caller, the query, the key, the body stream; out: the
 * batch's state and whether it is new.
 */
class BatchSubmitter {

    private static final Logger log = LoggerFactory.getLogger(BatchSubmitter.class);

    /** @param created false when an earlier upload with the same Idempotency-Key is returned */
    record Submitted(BatchState state, boolean created) {
    }

    private final BatchFileReader reader;
    private final BatchPublisher publisher;
    private final BatchStateView view;
    private final BatchMetrics metrics;
    private final Duration lookupWait;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    BatchSubmitter(BatchFileReader reader, BatchPublisher publisher, BatchStateView view, BatchMetrics metrics,
            Duration lookupWait, Clock clock) {
        this.reader = reader;
        this.publisher = publisher;
        this.view = view;
        this.metrics = metrics;
        this.lookupWait = lookupWait;
        this.clock = clock;
    }

    Submitted submit(ApiUser caller, BatchQuery query, String idempotencyKey, InputStream body) throws IOException {
        String userId = caller.userId();
        String batchId;
        if (idempotencyKey == null) {
            batchId = BatchIds.random();
        } else {
            if (!BatchIds.IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
                throw new InvalidRequestException("Idempotency-Key",
                        "Idempotency-Key must be 1 to 255 visible ASCII characters");
            }
            batchId = BatchIds.forKey(userId, idempotencyKey);
            Optional<BatchState> earlier = view.lookup(batchId, lookupWait);
            if (earlier.isPresent()) {
                metrics.duplicate();
                return new Submitted(earlier.get(), false);
            }
            if (!inFlight.add(batchId)) {
                throw new BatchErrors.Conflict("idempotency_key_in_use",
                        "a batch with this Idempotency-Key is being submitted right now; retry when it is done");
            }
        }
        try {
            return publish(batchId, userId, query, idempotencyKey, body);
        } finally {
            inFlight.remove(batchId);
        }
    }

    private Submitted publish(String batchId, String userId, BatchQuery query, String key, InputStream body)
            throws IOException {
        Instant now = clock.instant();
        try (BatchUpload upload = reader.read(body, batchId, userId, query.allowInvalidLines(), now)) {
            BatchSpec spec = new BatchSpec(upload.items(), upload.invalidLines(), query.maxCost(),
                    query.onBudgetReject(), now, now.plus(query.completionWindow()), key);
            try {
                publisher.publish(batchId, userId, upload, spec, now);
            } catch (KafkaException | IllegalStateException e) {
                metrics.failed();
                log.warn("batch {} of {} not queued: {}", batchId, userId, e.toString());
                throw new BatchErrors.Unavailable("batch_not_queued",
                        "the batch could not be queued (nothing of it was); try again", e);
            }
            BatchState state = new BatchState(batchId, userId, BatchStatus.VALIDATING,
                    new BatchCounts(upload.items(), upload.items(), 0, 0, 0, 0, 0, 0), spec, Usd.ZERO, Usd.ZERO,
                    TokenUsage.NONE, null, null, now);
            view.record(state);
            metrics.accepted(upload.items(), upload.invalidLines());
            log.info("batch {} of {} queued: {} item(s), {} invalid line(s) left out", batchId, userId,
                    upload.items(), upload.invalidLines());
            return new Submitted(state, true);
        } catch (InvalidBatchException e) {
            metrics.refused(e.invalidLines());
            throw e;
        }
    }
}
