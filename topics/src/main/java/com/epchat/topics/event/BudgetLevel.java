package com.epchat.topics.event;

/** The three budget levels, in the order they are checked. */
public enum BudgetLevel {
    REQUEST,
    USER_DAILY,
    SITE_HOURLY
}
