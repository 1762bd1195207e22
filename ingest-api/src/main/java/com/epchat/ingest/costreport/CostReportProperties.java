package com.epchat.ingest.costreport;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param timezone {@code BUDGET_TIMEZONE}: whose midnight starts a user's day in the user-daily rollup */
@ConfigurationProperties("ep.cost-report")
record CostReportProperties(String timezone) {

    CostReportProperties {
        try {
            ZoneId.of(timezone == null ? "UTC" : timezone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("BUDGET_TIMEZONE must be a time zone id such as UTC or Asia/Shanghai, "
                    + "was '" + timezone + "'");
        }
    }

    ZoneId zone() {
        return ZoneId.of(timezone == null ? "UTC" : timezone);
    }
}
