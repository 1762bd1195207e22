package com.epchat.ingest.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param viewRetention {@code EP_JOB_VIEW_RETENTION}: how long after its last update a job stays in
 *     the status view ({@code GET /api/jobs/{id}}, replay); after that it is 404
 * @param lookupWait how long a lookup of a job this instance does not know yet waits for the view
 *     to catch up (a job accepted by another instance a moment ago)
 */
@ConfigurationProperties("ep.jobs")
public record JobsProperties(Duration viewRetention, Duration lookupWait) {

    public JobsProperties {
        if (viewRetention == null) {
            viewRetention = Duration.ofHours(24);
        }
        if (lookupWait == null) {
            lookupWait = Duration.ofSeconds(3);
        }
        if (viewRetention.isNegative() || viewRetention.isZero()) {
            throw new IllegalArgumentException("EP_JOB_VIEW_RETENTION must be a positive duration, was " + viewRetention);
        }
    }
}
