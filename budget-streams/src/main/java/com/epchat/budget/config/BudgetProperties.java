package com.epchat.budget.config;

import com.epchat.pricing.PricingSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * budget-streams' configuration, bound from {@code budget-streams.yml} where the deployment guide's
 * variables are mapped: {@code BUDGET_REQ_USD}, {@code BUDGET_USER_DAILY_USD},
 * {@code BUDGET_SITE_HOURLY_USD}, {@code BUDGET_TIMEZONE}, {@code BUDGET_WINDOW_GRACE} and the pricing variables.
 */
@ConfigurationProperties("ep")
public record BudgetProperties(Budget budget, PricingSettings pricing) {

    /**
     * The three budget levels in USD, the zone whose midnight starts a user's day, and how long a
     * window keeps taking the usage of its jobs after it ends.
     */
    public record Budget(BigDecimal requestUsd, BigDecimal userDailyUsd, BigDecimal siteHourlyUsd, String timezone,
            Duration grace) {

        public Budget {
            requirePositive("BUDGET_REQ_USD", requestUsd);
            requirePositive("BUDGET_USER_DAILY_USD", userDailyUsd);
            requirePositive("BUDGET_SITE_HOURLY_USD", siteHourlyUsd);
            try {
                ZoneId.of(timezone);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("BUDGET_TIMEZONE must be a time zone id such as UTC or "
                        + "Asia/Shanghai, was '" + timezone + "'");
            }
            if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("BUDGET_WINDOW_GRACE must be a duration from 0 to 1 day "
                        + "(e.g. 1h or PT30M), was " + grace);
            }
        }

        public ZoneId zone() {
            return ZoneId.of(timezone);
        }

        private static void requirePositive(String variable, BigDecimal value) {
            if (value == null || value.signum() <= 0) {
                throw new IllegalArgumentException(variable + " must be an amount in USD above zero, was " + value);
            }
        }
    }
}
