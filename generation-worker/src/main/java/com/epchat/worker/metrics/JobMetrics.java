package com.epchat.worker.metrics;

import com.epchat.metrics.UsdCounter;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * generation-worker's job metrics. Labels are bounded: the logical model (the catalogue's), the
 * token kind, the round reason, the outcome and the lane ({@code interactive}, {@code bulk}); never a
 * user or job id.
 * <ul>
 *   <li>{@code ep_chat_actual_cost_usd_total{model}}: the exact sum of the cost of the usage events this
 *       worker published (counted once Kafka acknowledged each), the figure finance reconciles against;</li>
 *   <li>{@code ep_chat_tokens_total{model,kind}}: billed tokens, kind {@code input_cache_hit},
 *       {@code input_cache_miss}, {@code output} (reasoning included) and {@code reasoning};</li>
 *   <li>{@code ep_chat_time_to_first_token_seconds{model,lane}}: from the request to the job's first token
 *       (for a bulk job: from its dispatch);</li>
 *   <li>{@code ep_chat_continuations_total{model,reason}}: rounds after the first ({@code length},
 *       {@code retry}, {@code fallback});</li>
 *   <li>{@code ep_chat_active_streams{kind="provider",lane}}: jobs this worker is running now;</li>
 *   <li>{@code ep_chat_job_duration_seconds{model,outcome,lane}}: from the request to the job's end.</li>
 * </ul>
 */
@Component
public class JobMetrics {

    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(30), Duration.ofHours(1)};

    private final MeterRegistry registry;
    private final UsdCounter actualCost;
    private final Map<Lane, AtomicInteger> active = new EnumMap<>(Lane.class);

    @Autowired
    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.actualCost = new UsdCounter("ep_chat_actual_cost_usd",
                "exact cost of the usage events published (what the provider billed)", registry);
        for (Lane lane : Lane.values()) {
            AtomicInteger count = new AtomicInteger();
            active.put(lane, count);
            Gauge.builder("ep_chat_active_streams", count, AtomicInteger::get)
                    .description("streams open now: sse = client streams of ingest-api, provider = jobs of the worker")
                    .tags("kind", "provider", "lane", tag(lane)).register(registry);
        }
    }

    /** Metrics that go nowhere, for code paths built without Spring. */
    public static JobMetrics discarding() {
        return new JobMetrics(new SimpleMeterRegistry());
    }

    public void started(GenerationRequested request) {
        active.get(lane(request)).incrementAndGet();
    }

    /** A usage event Kafka acknowledged: its cost and tokens. */
    public void billed(UsageEvent usage) {
        Tags model = Tags.of("model", usage.model());
        actualCost.add(usage.cost(), model);
        TokenUsage t = usage.tokens();
        tokens(model, "input_cache_hit", t.inputCacheHit());
        tokens(model, "input_cache_miss", t.inputCacheMiss());
        tokens(model, "output", t.output());
        tokens(model, "reasoning", t.reasoning());
    }

    public void firstToken(GenerationRequested request, Instant at) {
        timer("ep_chat_time_to_first_token", "time from the request to the job's first token",
                Tags.of("model", request.model(), "lane", tag(lane(request))))
                .record(Duration.between(request.requestedAt(), at));
    }

    /** A round after the first starts, because of {@code reason} ({@code length}, {@code retry}, {@code fallback}). */
    public void continued(GenerationRequested request, String reason) {
        Counter.builder("ep_chat_continuations").description("rounds after a job's first call, by reason")
                .tags("model", request.model(), "reason", reason == null ? "unknown" : reason)
                .register(registry).increment();
    }

    /** The job ended ({@code completed} or {@code failed}) at {@code at}. */
    public void ended(GenerationRequested request, String outcome, Instant at) {
        active.get(lane(request)).decrementAndGet();
        timer("ep_chat_job_duration", "time from the request to the job's end",
                Tags.of("model", request.model(), "outcome", outcome, "lane", tag(lane(request))))
                .record(Duration.between(request.requestedAt(), at));
    }

    /** The exact sum behind {@code ep_chat_actual_cost_usd_total}. */
    public Usd actualCostTotal() {
        return actualCost.total();
    }

    /** Requests written before lanes existed are interactive. */
    private static Lane lane(GenerationRequested request) {
        return request.lane() == null ? Lane.INTERACTIVE : request.lane();
    }

    private static String tag(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }

    private void tokens(Tags model, String kind, long count) {
        Counter.builder("ep_chat_tokens").description("billed tokens by kind (output includes reasoning)")
                .tags(model.and("kind", kind)).register(registry).increment(count);
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
