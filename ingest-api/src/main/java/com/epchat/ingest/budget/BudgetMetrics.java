package com.epchat.ingest.budget;

import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The budget's gauges, no user or job labels (the counters of estimates and 402 answers,
 * {@code ep_chat_estimated_cost_usd_total} and {@code ep_chat_budget_circuit_breaker_total{level}},
 * are {@code GenerationMetrics}', counted where the request is answered):
 * <ul>
 *   <li>{@code ep_chat_budget_remaining_usd{level="site_hourly"}}: what remains of the site's hour;</li>
 *   <li>{@code ep_chat_budget_reserved_usd{level}} and {@code ep_chat_budget_reservations_outstanding{level}}:
 *       money held and jobs holding it, site-wide and summed over every user's day.</li>
 * </ul>
 * The gauges read the budget-state view, so every ingest-api instance reports the same figures.
 */
public class BudgetMetrics {

    public BudgetMetrics(MeterRegistry registry, BudgetStateView view, BudgetAdvisor advisor, Clock clock) {
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

    private static String name(BudgetLevel level) {
        return level.name().toLowerCase();
    }
}
