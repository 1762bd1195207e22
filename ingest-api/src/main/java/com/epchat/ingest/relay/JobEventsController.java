package com.epchat.ingest.relay;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import com.epchat.ingest.web.InvalidRequestException;

/**
 * {@code GET /api/jobs/{id}/events}: the job as SSE from its first event, or after
 * {@code Last-Event-ID}; replayed from Kafka, then live.
 */
@RestController
class JobEventsController {

    private final ChunkRelay relay;

    JobEventsController(ChunkRelay relay) {
        this.relay = relay;
    }

    @GetMapping(path = "/api/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<?> events(@PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw new InvalidRequestException("id", "a job id is a UUID");
        }
        long after = parseLastEventId(lastEventId);
        return ResponseEntity.ok().header("X-Accel-Buffering", "no").body(relay.open(id, after, null, true));
    }

    private static long parseLastEventId(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Last-Event-ID", "Last-Event-ID must be the id of an event received");
        }
    }
}
