package com.epchat.ingest.costreport;

import com.epchat.topics.Topics;
import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * ingest-api's copy of the finance topics: the latest {@link FinanceRollup} per key of
 * {@code ep.finance.user-daily}, {@code ep.finance.site-hourly} and {@code ep.finance.model-daily}
 * (compacted: the latest record of a key is the total), and every {@link CostCorrection} of
 * {@code ep.finance.corrections} by usageId and rollup. {@link FinanceViewLoader} fills it; the cost
 * report reads it. It is complete once the loader has read up to the ends it found at start-up.
 */
@Component
public class FinanceView {

    private final Map<String, Map<String, FinanceRollup>> rollups = Map.of(
            Topics.FINANCE_USER_DAILY.name(), new ConcurrentHashMap<>(),
            Topics.FINANCE_SITE_HOURLY.name(), new ConcurrentHashMap<>(),
            Topics.FINANCE_MODEL_DAILY.name(), new ConcurrentHashMap<>());
    private final Map<String, CostCorrection> corrections = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    /** A record of a rollup topic; a null value (tombstone) removes the key. */
    public void rollup(String topic, String key, FinanceRollup value) {
        Map<String, FinanceRollup> byKey = rollups.get(topic);
        if (byKey == null) {
            throw new IllegalArgumentException("not a finance rollup topic: " + topic);
        }
        if (value == null) {
            byKey.remove(key);
        } else {
            byKey.put(key, value);
        }
    }

    /** A record of {@code ep.finance.corrections}; one usage event has at most one per rollup. */
    public void correction(CostCorrection correction) {
        corrections.put(correction.usage().usageId() + "|" + correction.rollup(), correction);
    }

    public void markCaughtUp() {
        caughtUp = true;
    }

    /** True once everything the finance topics held when ingest-api started has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public List<FinanceRollup> rollups(String topic) {
        return List.copyOf(rollups.get(topic).values());
    }

    public List<CostCorrection> corrections() {
        return List.copyOf(corrections.values());
    }
}
