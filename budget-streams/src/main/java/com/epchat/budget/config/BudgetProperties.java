package com.epchat.budget.config;

import com.epchat.pricing.PricingSettings;
import java.math.BigDecimal;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * budget-streams' configuration, bound from {@code budget-streams.yml} where the deployment guide's
 * variables are mapped: {@code BUDGET_REQ_USD}, {@code BUDGET_USER_DAILY_USD},
 * {@code BUDGET_SITE_HOURLY_USD}, {@code BUDGET_TIMEZONE} and the pricing variables.
 */
@ConfigurationProperties("ep")
public record BudgetProperties(Budget budget, PricingSettings pricing) {

    /** The three budget levels in USD, and the zone whose midnight starts a user's day. */
    public record Budget(BigDecimal requestUsd, BigDecimal userDailyUsd, BigDecimal siteHourlyUsd, String timezone) {

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
