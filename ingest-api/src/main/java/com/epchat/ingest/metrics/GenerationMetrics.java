package com.epchat.ingest.metrics;

import com.epchat.metrics.UsdCounter;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * ingest-api's generation metrics, as Prometheus reads them at {@code /api/metrics}. Labels are
 * bounded: the logical model (from the catalogue; invalid requests are not counted), the budget
 * level, and the outcome; never a user or job id.
 * <ul>
 *   <li>{@code ep_chat_requests_total{model}} and {@code ep_chat_estimated_cost_usd_total{model}}: every
 *       valid request and its worst-case estimate, with the same labels so that the deployment guide's
 *       {@code ep_chat_estimated_cost_usd_total / ep_chat_requests_total} divides series by series;</li>
 *   <li>{@code ep_chat_budget_circuit_breaker_total{level}}: requests the budget guard refused (402);</li>
 *   <li>{@code ep_chat_request_duration_seconds{model,outcome}}: histogram of how long ingest-api took to
 *       answer: {@code accepted} (202), {@code rejected} (402), {@code timeout} (503) until the answer,
 *       {@code streamed} until the SSE stream ended.</li>
 * </ul>
 */
@Component
public class GenerationMetrics {

    static final double[] DURATION_BUCKETS_SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600};

    private final MeterRegistry registry;
    private final Clock clock;
    private final UsdCounter estimated;

    @Autowired
    public GenerationMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    GenerationMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.estimated = new UsdCounter("ep_chat_estimated_cost_usd",
                "worst-case cost estimated for valid generation requests", registry);
    }

    /** A valid request, before its budget decision. */
    public void requested(GenerationRequested request) {
        Counter.builder("ep_chat_requests").description("valid generation requests")
                .tags(model(request)).register(registry).increment();
        estimated.add(request.estimate() == null ? Usd.ZERO : request.estimate().worstCase(), model(request));
    }

    /** The budget guard refused the request at {@code level}: counts the trip and the 402's duration. */
    public void rejected(GenerationRequested request, BudgetLevel level) {
        Counter.builder("ep_chat_budget_circuit_breaker")
                .description("generation requests refused by the budget guard, by level")
                .tag("level", level == null ? "unknown" : level.name().toLowerCase()).register(registry).increment();
        answered(request, "rejected");
    }

    /** ingest-api answered the request ({@code accepted}, {@code timeout}, ...) now. */
    public void answered(GenerationRequested request, String outcome) {
        timer(request, outcome).record(Duration.between(request.requestedAt(), clock.instant()));
    }


    /** The exact sum behind {@code ep_chat_estimated_cost_usd_total}. */
    public Usd estimatedTotal() {
        return estimated.total();
    }

    private Timer timer(GenerationRequested request, String outcome) {
        return Timer.builder("ep_chat_request_duration")
                .description("time ingest-api took to answer a generation request (streams: until they ended)")
                .tags(model(request).and("outcome", outcome))
                .serviceLevelObjectives(buckets())
                .register(registry);
    }

    private static Duration[] buckets() {
        Duration[] buckets = new Duration[DURATION_BUCKETS_SECONDS.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofMillis((long) (DURATION_BUCKETS_SECONDS[i] * 1000));
        }
        return buckets;
    }

    private static Tags model(GenerationRequested request) {
        return Tags.of("model", request.model());
    }
}
