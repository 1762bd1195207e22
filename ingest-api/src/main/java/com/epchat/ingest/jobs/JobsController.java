package com.epchat.ingest.jobs;

import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.ingest.security.ApiUser;
import com.epchat.topics.event.JobStatus;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/jobs/{id}}: the job from this instance's view of {@code ep.job.status}, with the
 * progress the relay sees. {@code DELETE /api/jobs/{id}}: cancel, published on {@code ep.job.control}
 * (202; 409 once the job has ended). A job that is not the caller's is 404, as an unknown one.
 */
@RestController
class JobsController {

    private final JobAccess access;
    private final JobPublisher publisher;
    private final ChunkRelay relay;

    JobsController(JobAccess access, JobPublisher publisher, ChunkRelay relay) {
        this.access = access;
        this.publisher = publisher;
        this.relay = relay;
    }

    @GetMapping("/api/jobs/{id}")
    JobView job(@PathVariable String id, ApiUser user) {
        JobStatus status = access.require(id, user);
        return JobView.of(status, relay.lastSeq(id).orElse(0));
    }

    @DeleteMapping("/api/jobs/{id}")
    ResponseEntity<Map<String, String>> cancel(@PathVariable String id, ApiUser user) {
        JobStatus status = access.require(id, user);
        if (status.state().isFinal()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "job_ended", "jobId", id,
                    "state", status.state().name().toLowerCase(), "message", "the job has already ended"));
        }
        publisher.cancel(status, user.userId());
        return ResponseEntity.accepted().body(Map.of("jobId", id, "state", "cancelling",
                "events", "/api/jobs/" + id + "/events"));
    }
}
