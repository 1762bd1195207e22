package com.epchat.ingest.batches;

import com.epchat.ingest.security.ApiUser;
import com.epchat.ingest.web.ApiError;
import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.topics.event.BatchState;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk batches over HTTP: {@code POST /api/batches} (a JSONL file, 202 + Location + the batch; 200 for
 * a repeated Idempotency-Key; 400 {@code invalid_batch} with line numbers, nothing queued),
 * {@code GET /api/batches[/{id}]}, {@code GET /api/batches/{id}/results[?wait=true]} (NDJSON) and
 * {@code POST /api/batches/{id}/cancel} (202; 409 once final). Owner or admin, else 404.
 */
@RestController
class BatchesController {

    static final String NDJSON = "application/x-ndjson";
    private static final int MAX_LIST = 1000;

    private final BatchSubmitter submitter;
    private final BatchAccess access;
    private final BatchStateView view;
    private final BatchPublisher publisher;
    private final BatchResultsStreamer results;
    private final BatchMetrics metrics;
    private final BatchProperties properties;
    private final Clock clock = Clock.systemUTC();

    BatchesController(BatchSubmitter submitter, BatchAccess access, BatchStateView view, BatchPublisher publisher,
            BatchResultsStreamer results, BatchMetrics metrics, BatchProperties properties) {
        this.submitter = submitter;
        this.access = access;
        this.view = view;
        this.publisher = publisher;
        this.results = results;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** The body is read here as a stream, never bound: see {@link BatchQuery} for the query parameters. */
    @PostMapping("/api/batches")
    ResponseEntity<?> submit(HttpServletRequest request, ApiUser caller,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) throws IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError("unsupported_media_type", "Content-Type",
                            "send the JSONL file itself as the body (Content-Type: application/x-ndjson)"));
        }
        if (request.getContentLengthLong() > properties.maxBytes().toBytes()) {
            metrics.refused(0);
            throw new InvalidBatchException("the file is larger than " + properties.maxBytes().toBytes()
                    + " bytes (BATCH_MAX_BYTES); nothing was queued", List.of(), 0);
        }
        BatchQuery query = BatchQuery.parse(request.getQueryString(), properties.completionWindow(),
                properties.minCompletionWindow());
        BatchSubmitter.Submitted submitted = submitter.submit(caller, query, idempotencyKey, request.getInputStream());
        BatchView body = BatchView.of(submitted.state(), clock.instant());
        var answer = submitted.created() ? ResponseEntity.accepted() : ResponseEntity.ok();
        return answer.location(URI.create(body.links().self())).body(body);
    }

    @GetMapping("/api/batches/{id}")
    BatchView batch(@PathVariable String id, ApiUser caller) {
        return BatchView.of(access.require(id, caller), clock.instant());
    }

    /** The caller's own batches, newest first. */
    @GetMapping("/api/batches")
    Map<String, Object> list(@RequestParam(defaultValue = "100") int limit, ApiUser caller) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + MAX_LIST);
        }
        var now = clock.instant();
        return Map.of("batches", view.ofUser(caller.userId(), limit).stream().map(s -> BatchView.of(s, now)).toList());
    }

    @GetMapping("/api/batches/{id}/results")
    void results(@PathVariable String id, @RequestParam(defaultValue = "false") boolean wait, ApiUser caller,
            HttpServletResponse response) throws IOException {
        BatchState state = access.require(id, caller);
        if (!results.tryAcquire()) {
            throw new BatchErrors.Unavailable("too_many_downloads",
                    "every results download slot of this instance is busy; try again", null);
        }
        try {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(NDJSON);
            response.setHeader("X-Batch-Status", state.status().name().toLowerCase(Locale.ROOT));
            results.stream(id, wait, response.getOutputStream());
        } finally {
            results.release();
        }
    }

    @PostMapping("/api/batches/{id}/cancel")
    ResponseEntity<BatchView> cancel(@PathVariable String id, ApiUser caller) {
        BatchState state = access.require(id, caller);
        if (state.status().isFinal()) {
            throw new BatchErrors.Conflict("batch_ended",
                    "the batch has already ended (" + state.status().name().toLowerCase(Locale.ROOT) + ")");
        }
        try {
            publisher.cancel(id, state.userId(), caller.userId(), clock.instant());
        } catch (RuntimeException e) {
            throw new BatchErrors.Unavailable("cancel_not_sent", "the cancel could not be written; try again", e);
        }
        metrics.cancelled();
        return ResponseEntity.accepted().body(BatchView.of(state, "cancelling", clock.instant()));
    }
}
