package com.epchat.ingest.budget;

import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The budget limits as ingest-api needs them (the same variables budget-streams decides with):
 * {@code BUDGET_REQ_USD}, {@code BUDGET_USER_DAILY_USD}, {@code BUDGET_SITE_HOURLY_USD}, for
 * preflight answers about a window nobody has spent in yet; and {@code EP_BUDGET_GUARD_BYPASS_USERS},
 * the comma-separated user ids allowed to send {@code enableBudgetGuard: false} (empty: nobody).
 */
@ConfigurationProperties("ep.budget")
public record BudgetGuardProperties(BigDecimal requestUsd, BigDecimal userDailyUsd, BigDecimal siteHourlyUsd,
        String guardBypassUsers) {

    public BudgetGuardProperties {
        requirePositive("BUDGET_REQ_USD", requestUsd);
        requirePositive("BUDGET_USER_DAILY_USD", userDailyUsd);
        requirePositive("BUDGET_SITE_HOURLY_USD", siteHourlyUsd);
    }

    public Usd requestCap() {
        return Usd.of(requestUsd);
    }

    public Usd userDailyLimit() {
        return Usd.of(userDailyUsd);
    }

    public Usd siteHourlyLimit() {
        return Usd.of(siteHourlyUsd);
    }

    public Set<String> bypassUsers() {
        if (guardBypassUsers == null || guardBypassUsers.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(guardBypassUsers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static void requirePositive(String variable, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(variable + " must be an amount in USD above zero, was " + value);
        }
    }
}
