package com.epchat.ingest.jobs;

import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.ingest.relay.JobStream;
import com.epchat.ingest.security.ApiUser;
import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.topics.event.JobStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/jobs/{id}/events}: the caller's job as SSE from its first event, or after
 * {@code Last-Event-ID}; replayed from Kafka starting at the job's request time, then live. 404 for
 * a job this instance's status view does not know or that is not the caller's.
 */
@RestController
class JobEventsController {

    private final JobAccess access;
    private final ChunkRelay relay;

    JobEventsController(JobAccess access, ChunkRelay relay) {
        this.access = access;
        this.relay = relay;
    }

    @GetMapping(path = "/api/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            ApiUser user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        long after = parseLastEventId(lastEventId);
        JobStatus job = access.require(id, user);
        JobStream stream = relay.open(id, after, job.requestedAt(), true);
        try {
            stream.attach(request, response);
        } catch (IOException | RuntimeException e) {
            stream.cancel();
            throw e;
        }
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
