package com.epchat.cost.config;

import com.epchat.cost.rollup.CostTopology;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * cost-aggregator's configuration, bound from {@code cost-aggregator.yml}.
 *
 * @param timezone {@code BUDGET_TIMEZONE}: whose midnight starts a user's day (the same day as the budget's)
 * @param grace {@code COST_ROLLUP_GRACE}: how long after a window's end (in stream time) late usage still
 *     changes it; later usage goes to {@code ep.finance.corrections}
 * @param dedupRetention {@code COST_DEDUP_RETENTION}: how long a usage id is remembered to drop a duplicate
 * @param siteHourlyBudgetUsd {@code BUDGET_SITE_HOURLY_USD}, exported for the site-budget alerts
 * @param emitInterval {@code COST_EMIT_INTERVAL}: how often changed totals are written to the finance topics
 */
@ConfigurationProperties("ep.cost")
public record CostProperties(String timezone, Duration grace, Duration dedupRetention, BigDecimal siteHourlyBudgetUsd,
        Duration emitInterval) {

    public CostProperties {
        try {
            ZoneId.of(timezone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("BUDGET_TIMEZONE must be a time zone id such as UTC or Asia/Shanghai, "
                    + "was '" + timezone + "'");
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("COST_ROLLUP_GRACE must be a duration of zero or more, was " + grace);
        }
        if (dedupRetention == null || dedupRetention.compareTo(grace.plusDays(1)) < 0) {
            throw new IllegalArgumentException("COST_DEDUP_RETENTION must be at least COST_ROLLUP_GRACE plus one day ("
                    + grace.plusDays(1) + "), was " + dedupRetention);
        }
        if (emitInterval == null || emitInterval.toMillis() < 1) {
            throw new IllegalArgumentException("COST_EMIT_INTERVAL must be a duration of at least 1ms, was "
                    + emitInterval);
        }
        if (siteHourlyBudgetUsd == null || siteHourlyBudgetUsd.signum() <= 0) {
            throw new IllegalArgumentException("BUDGET_SITE_HOURLY_USD must be an amount in USD above zero, was "
                    + siteHourlyBudgetUsd);
        }
    }

    public CostTopology.Settings topology() {
        return new CostTopology.Settings(ZoneId.of(timezone), grace, dedupRetention, emitInterval);
    }
}
