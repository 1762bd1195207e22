package com.epchat.ingest.generate;

import com.epchat.ingest.budget.BudgetAdvisor;
import com.epchat.ingest.budget.GuardBypassPolicy;
import com.epchat.ingest.config.IngestProperties;
import com.epchat.ingest.metrics.GenerationMetrics;
import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
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
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/generate}: validate, publish, await the budget decision, then either stream the
 * job as SSE ({@code "stream": true} or {@code Accept: text/event-stream}) or answer 202 with where to
 * find it. A rejection is 402 naming the level, with the largest {@code maxTokens} that would fit now;
 * no decision in time is 503; {@code enableBudgetGuard: false} from a caller who may not is 403.
 * {@code GET /api/generate} describes the service and doubles as a health probe.
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

    @PostMapping(path = "/api/generate", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> generate(@RequestBody GenerateRequest body,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        GenerationRequested request = validator.validate(body, Lane.INTERACTIVE);
        bypass.check(request);
        metrics.requested(request);
        boolean stream = Boolean.TRUE.equals(body.stream())
                || (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE));
        // subscribe before publishing: no chunk of this job can then pass the relay unseen
        SseEmitter emitter = stream ? relay.open(request.jobId(), 0, request.requestedAt(), false) : null;
        BudgetDecision decision;
        try {
            decision = submitter.submit(request, properties.decisionTimeout());
        } catch (JobSubmitter.DecisionTimeoutException e) {
            complete(emitter);
            metrics.answered(request, "timeout");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .body(Map.of("error", "budget_decision_timeout", "message", e.getMessage(), "jobId",
                            request.jobId()));
        }
        if (!decision.approved()) {
            complete(emitter);
            metrics.rejected(request, decision.rejectedAt());
            return BudgetRejection.response(decision, request.estimate(), budget.maxTokensThatFit(request, decision));
        }
        if (stream) {
            metrics.streaming(emitter, request);
            return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                    .header("X-Accel-Buffering", "no")
                    .header("X-Job-Id", request.jobId())
                    .body(emitter);
        }
        metrics.answered(request, "accepted");
        return ResponseEntity.accepted().body(new JobAccepted(request.jobId(), "queued", decision.reserved(),
                "/api/jobs/" + request.jobId() + "/events"));
    }

    private static void complete(SseEmitter emitter) {
        if (emitter != null) {
            emitter.complete();
        }
    }
}
