package com.epchat.cost.rollup;

import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Function;

/**
 * One finance rollup: its name (used for its processor, stores and corrections), the compacted topic
 * it writes, the dimension a usage event counts under, its window, and how late usage may still
 * change a window ({@code grace}, measured in stream time).
 */
public record RollupSpec(String name, Topic<String, FinanceRollup> topic, Function<UsageEvent, String> dimension,
        Function<Instant, RollupWindow> window, Duration grace) {

    /** The dimension of the site-wide rollup. */
    public static final String SITE = "site";
    /** The model dimension of usage that no API model served (a job that ended before any call). */
    public static final String NO_MODEL = "none";

    public RollupSpec {
        Objects.requireNonNull(name, "name");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
    }

    /** Per user per day, the day starting at midnight in {@code zone} ({@code BUDGET_TIMEZONE}). */
    public static RollupSpec userDay(ZoneId zone, Duration grace) {
        return new RollupSpec("user-day", Topics.FINANCE_USER_DAILY, UsageEvent::userId,
                at -> RollupWindow.day(at, zone), grace);
    }

    /** The whole site per UTC clock hour. */
    public static RollupSpec siteHour(Duration grace) {
        return new RollupSpec("site-hour", Topics.FINANCE_SITE_HOURLY, usage -> SITE, RollupWindow::hour, grace);
    }

    /** Per API model per UTC day. */
    public static RollupSpec modelDay(Duration grace) {
        return new RollupSpec("model-day", Topics.FINANCE_MODEL_DAILY, RollupSpec::apiModelOf,
                RollupWindow::utcDay, grace);
    }

    static String apiModelOf(UsageEvent usage) {
        return usage.apiModel() == null || usage.apiModel().isBlank() ? NO_MODEL : usage.apiModel();
    }

    /** The rollups' key-value store: rollup key → {@link FinanceRollup} of every window still open. */
    public String storeName() {
        return "rollup-" + name;
    }

    /** The store of totals changed since they were last forwarded. */
    public String pendingStoreName() {
        return "rollup-" + name + "-pending";
    }

    /** The store holding this rollup's observed stream time, one entry per task. */
    public String streamTimeStoreName() {
        return "rollup-" + name + "-stream-time";
    }
}
