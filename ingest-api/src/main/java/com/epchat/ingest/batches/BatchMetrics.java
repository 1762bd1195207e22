package com.epchat.ingest.batches;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Batch metrics of ingest-api (no user or batch labels):
 * {@code ep_chat_batch_submissions_total{outcome}} ({@code accepted}, {@code duplicate} (same
 * Idempotency-Key), {@code invalid} (400), {@code error} (not queued)),
 * {@code ep_chat_batch_items_submitted_total}, {@code ep_chat_batch_invalid_lines_total} (lines left
 * out or refused) and {@code ep_chat_batch_cancels_total}.
 */
class BatchMetrics {

    private final MeterRegistry registry;
    private final Counter items;
    private final Counter invalidLines;
    private final Counter cancels;

    BatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.items = Counter.builder("ep_chat_batch_items_submitted")
                .description("batch items published to ep.batch.input").register(registry);
        this.invalidLines = Counter.builder("ep_chat_batch_invalid_lines")
                .description("lines of uploaded batch files that were invalid").register(registry);
        this.cancels = Counter.builder("ep_chat_batch_cancels").description("batch cancels written").register(registry);
    }

    void accepted(int itemCount, int invalid) {
        submission("accepted");
        items.increment(itemCount);
        invalidLines.increment(invalid);
    }

    void refused(int invalid) {
        submission("invalid");
        invalidLines.increment(invalid);
    }

    void duplicate() {
        submission("duplicate");
    }

    void failed() {
        submission("error");
    }

    void cancelled() {
        cancels.increment();
    }

    private void submission(String outcome) {
        Counter.builder("ep_chat_batch_submissions").description("POST /api/batches by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
