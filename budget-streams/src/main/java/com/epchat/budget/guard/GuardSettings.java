package com.epchat.budget.guard;

import com.epchat.budget.ledger.BudgetWindows;
import com.epchat.topics.money.Usd;
import java.util.Objects;

/**
 * Everything the budget topology decides with: the request level, the user-daily and site-hourly
 * limits ({@code BUDGET_USER_DAILY_USD}, {@code BUDGET_SITE_HOURLY_USD}) and their calendar.
 */
public record GuardSettings(RequestGuard requestGuard, Usd userDailyLimit, Usd siteHourlyLimit,
        BudgetWindows windows) {

    public GuardSettings {
        Objects.requireNonNull(requestGuard, "requestGuard");
        Objects.requireNonNull(userDailyLimit, "userDailyLimit");
        Objects.requireNonNull(siteHourlyLimit, "siteHourlyLimit");
        Objects.requireNonNull(windows, "windows");
    }
}
