package com.epchat.ingest.costreport;

import com.epchat.topics.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How the cost report breaks its period down, and which finance rollup it reads to do so: users from
 * the user-daily rollup (days in {@code BUDGET_TIMEZONE}), models and days from the model-daily
 * rollup (UTC days), hours from the site-hourly rollup (UTC hours).
 */
enum GroupBy {
    USER(Topics.FINANCE_USER_DAILY.name(), "user-day", Duration.ofDays(1), true),
    MODEL(Topics.FINANCE_MODEL_DAILY.name(), "model-day", Duration.ofDays(1), false),
    DAY(Topics.FINANCE_MODEL_DAILY.name(), "model-day", Duration.ofDays(1), false),
    HOUR(Topics.FINANCE_SITE_HOURLY.name(), "site-hour", Duration.ofHours(1), false);

    final String topic;
    final String rollup;
    final Duration unit;
    final boolean budgetZone;

    GroupBy(String topic, String rollup, Duration unit, boolean budgetZone) {
        this.topic = topic;
        this.rollup = rollup;
        this.unit = unit;
        this.budgetZone = budgetZone;
    }

    String label() {
        return name().toLowerCase();
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(GroupBy::label).toList();
    }
}
