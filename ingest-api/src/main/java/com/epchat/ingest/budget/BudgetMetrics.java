package com.epchat.ingest.budget;

import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.event.GenerationRequested;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The budget's Prometheus metrics, no user or job labels:
 * <ul>
 *   <li>{@code ep_chat_estimated_cost_usd_total}: worst-case estimates of the requests submitted;</li>
 *   <li>{@code ep_chat_budget_circuit_breaker_total{level}}: requests answered 402, by the level that tripped;</li>
 *   <li>{@code ep_chat_budget_remaining_usd{level="site_hourly"}}: what remains of the site's hour;</li>
 *   <li>{@code ep_chat_budget_reserved_usd{level}} and {@code ep_chat_budget_reservations_outstanding{level}}:
 *       money held and jobs holding it, site-wide and summed over every user's day.</li>
 * </ul>
 * The gauges read the budget-state view, so every ingest-api instance reports the same figures.
 */
public class BudgetMetrics {

    private final Counter estimated;
    private final Map<BudgetLevel, Counter> breakers = new EnumMap<>(BudgetLevel.class);

    public BudgetMetrics(MeterRegistry registry, BudgetStateView view, BudgetAdvisor advisor, Clock clock) {
        estimated = Counter.builder("ep_chat_estimated_cost_usd")
                .description("Worst-case cost estimates of the generation requests submitted, USD")
                .register(registry);
        for (BudgetLevel level : BudgetLevel.values()) {
            breakers.put(level, Counter.builder("ep_chat_budget_circuit_breaker").tag("level", name(level))
                    .description("Requests rejected by the budget guard (HTTP 402), by the level that tripped")
                    .register(registry));
        }
        Gauge.builder("ep_chat_budget_remaining_usd", advisor,
                        a -> a.siteRemaining().amount().doubleValue())
                .tag("level", name(BudgetLevel.SITE_HOURLY))
                .description("What remains of the site's hourly budget, USD").register(registry);
        for (BudgetLevel level : List.of(BudgetLevel.USER_DAILY, BudgetLevel.SITE_HOURLY)) {
            gauge(registry, "ep_chat_budget_reserved_usd", "Money reserved by approved jobs not yet settled, USD",
                    view, level, clock, s -> s.reserved().amount().doubleValue());
            gauge(registry, "ep_chat_budget_reservations_outstanding", "Approved jobs still holding a reservation",
                    view, level, clock, BudgetState::openReservations);
        }
    }

    private static void gauge(MeterRegistry registry, String name, String description, BudgetStateView view,
            BudgetLevel level, Clock clock, ToDoubleFunction<BudgetState> value) {
        Gauge.builder(name, view, v -> v.current(level, clock.instant()).stream().mapToDouble(value).sum())
                .tag("level", name(level)).description(description).register(registry);
    }

    public void submitted(GenerationRequested request) {
        if (request.estimate() != null) {
            estimated.increment(request.estimate().worstCase().amount().doubleValue());
        }
    }

    public void rejected(BudgetLevel level) {
        if (level != null) {
            breakers.get(level).increment();
        }
    }

    private static String name(BudgetLevel level) {
        return level.name().toLowerCase();
    }
}
