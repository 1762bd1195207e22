package com.epchat.topics.event;

import java.time.Instant;

/**
 * Usage that arrived after its rollup window closed (beyond grace): never dropped, published here
 * for finance to book by hand, keyed by {@code usageId}.
 */
public record CostCorrection(UsageEvent usage, String rollup, Instant windowStart, String reason, Instant at) {
}
