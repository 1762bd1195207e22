package com.epchat.ingest.generate;

import com.epchat.ingest.budget.BudgetAdvisor;
import com.epchat.ingest.budget.GuardBypassPolicy;
import com.epchat.ingest.config.IngestProperties;
import com.epchat.ingest.metrics.GenerationMetrics;
import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.ingest.relay.JobStream;
import com.epchat.ingest.security.ApiUser;
import com.epchat.ingest.web.ForbiddenException;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/generate}: validate, publish, await the budget decision, then either stream the
 * job as SSE ({@code "stream": true} or {@code Accept: text/event-stream}) or answer 202 with where to
 * find it. A rejection is 402 naming the level; no decision in time is 503. {@code GET /api/generate}
 * describes the service and doubles as a health probe.
 */
@RestController
class GenerateController {

    private final GenerationValidator validator;
    private final JobSubmitter submitter;
    private final ChunkRelay relay;
    private final IngestProperties properties;
    private final GuardBypassPolicy bypass;
    private final BudgetAdvisor budget;
    private final GenerationMetrics metrics;

    GenerateController(GenerationValidator validator, JobSubmitter submitter, ChunkRelay relay,
            IngestProperties properties, GuardBypassPolicy bypass, BudgetAdvisor budget, GenerationMetrics metrics) {
        this.validator = validator;
        this.submitter = submitter;
        this.relay = relay;
        this.properties = properties;
        this.bypass = bypass;
        this.budget = budget;
        this.metrics = metrics;
    }

    @GetMapping("/api/generate")
    Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("service", "ingest-api");
        info.put("version", "EP-128K v3.1");
        info.put("status", "ok");
        info.put("defaultModel", properties.defaultModel());
        info.put("models", properties.pricing().catalog().names());
        info.put("contextWindow", properties.pricing().catalog().find(properties.defaultModel())
                .orElseThrow().contextWindow());
        info.put("usage", "POST /api/generate {\"prompt\":\"...\",\"model\":\"deepseek-v3.1\",\"maxTokens\":1000,"
                + "\"stream\":true}");
        return info;
    }

    /**
     * The job belongs to the caller's key; a {@code userId} in the body must name that same user
     * (403 otherwise), unless the key is an admin's, which may submit for any user.
     */
    @PostMapping(path = "/api/generate", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> generate(@RequestBody GenerateRequest body,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept, ApiUser caller,
            HttpServletRequest servletRequest, HttpServletResponse servletResponse) throws IOException {
        GenerationRequested request = validator.validate(body, Lane.INTERACTIVE, caller.userId());
        if (!caller.maySubmitFor(request.userId())) {
            throw new ForbiddenException("userId", "this API key submits only for its own user; leave userId out");
        }
        bypass.check(request);
        metrics.requested(request);
        boolean streaming = Boolean.TRUE.equals(body.stream())
                || (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE));
        // subscribe before publishing: no chunk of this job can then pass the relay unseen
        JobStream stream = streaming ? relay.open(request.jobId(), 0, request.requestedAt(), false) : null;
        boolean answered = false;
        try {
            BudgetDecision decision;
            try {
                decision = submitter.submit(request, properties.decisionTimeout());
            } catch (JobSubmitter.DecisionTimeoutException e) {
                metrics.answered(request, "timeout");
                // JSON even to a client that accepts only text/event-stream (it asked for a stream)
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.RETRY_AFTER, "5")
                        .body(Map.of("error", "budget_decision_timeout", "message", e.getMessage(), "jobId",
                                request.jobId()));
            }
            if (!decision.approved()) {
                metrics.rejected(request, decision.rejectedAt());
                return BudgetRejection.response(decision, request.estimate(),
                        budget.maxTokensThatFit(request, decision));
            }
            if (stream != null) {
                stream.attach(servletRequest, servletResponse);
                answered = true;
                metrics.answered(request, "streamed");
                // the stream answers from here on
                return null;
            }
            metrics.answered(request, "accepted");
            return ResponseEntity.accepted().body(new JobAccepted(request.jobId(), "queued", decision.reserved(),
                    "/api/jobs/" + request.jobId() + "/events"));
        } finally {
            if (stream != null && !answered) {
                stream.cancel();
            }
        }
    }
}
