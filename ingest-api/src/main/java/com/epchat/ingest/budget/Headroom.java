package com.epchat.ingest.budget;

import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each level leaves a new request right now: the request cap itself, what remains of the user's
 * day and of the site's hour (never below zero), and when those two windows reset (null when nothing
 * happened in the window yet).
 */
public record Headroom(Usd request, Usd userDaily, Instant userResetsAt, Usd siteHourly, Instant siteResetsAt) {

    public Usd at(BudgetLevel level) {
        return switch (level) {
            case REQUEST -> request;
            case USER_DAILY -> userDaily;
            case SITE_HOURLY -> siteHourly;
        };
    }

    /** The same, with one level's remaining replaced by a fresher figure (a decision's). */
    public Headroom with(BudgetLevel level, Usd remaining) {
        Usd r = remaining.max(Usd.ZERO);
        return switch (level) {
            case REQUEST -> this;
            case USER_DAILY -> new Headroom(request, r, userResetsAt, siteHourly, siteResetsAt);
            case SITE_HOURLY -> new Headroom(request, userDaily, userResetsAt, r, siteResetsAt);
        };
    }

    /** The most a request may cost now: the tightest level. */
    public Usd tightest() {
        return request.min(userDaily).min(siteHourly);
    }

    /** The first level, in checking order, that a worst case of {@code estimate} would trip, or null. */
    public BudgetLevel tripped(Usd estimate) {
        for (BudgetLevel level : BudgetLevel.values()) {
            if (estimate.isGreaterThan(at(level))) {
                return level;
            }
        }
        return null;
    }

    public Map<String, Usd> byLevel() {
        Map<String, Usd> levels = new LinkedHashMap<>();
        for (BudgetLevel level : BudgetLevel.values()) {
            levels.put(level.name().toLowerCase(), at(level));
        }
        return levels;
    }
}
