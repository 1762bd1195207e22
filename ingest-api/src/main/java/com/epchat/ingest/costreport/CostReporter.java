package com.epchat.ingest.costreport;

import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.money.Usd;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Computes a {@link CostReport} from the {@link FinanceView}: the rollups of the query's topic inside its period. */
@Component
class CostReporter {

    private final FinanceView view;

    CostReporter(FinanceView view) {
        this.view = view;
    }

    CostReport report(ReportQuery query) {
        if (!view.caughtUp()) {
            throw new CostReportException(HttpStatus.SERVICE_UNAVAILABLE, "cost_report_loading", null,
                    "ingest-api is still reading the finance topics; try again in a few seconds");
        }
        GroupBy by = query.groupBy();
        Map<String, CostReport.Line> rows = new TreeMap<>();
        CostReport.Line totals = CostReport.Line.empty("total");
        for (FinanceRollup rollup : view.rollups(by.topic)) {
            if (rollup.windowStart().isBefore(query.from()) || !rollup.windowStart().isBefore(query.to())) {
                continue;
            }
            String key = rowKey(by, rollup);
            rows.put(key, rows.getOrDefault(key, CostReport.Line.empty(key)).plus(rollup));
            totals = totals.plus(rollup);
        }
        List<CostCorrection> late = view.corrections().stream()
                .filter(c -> by.rollup.equals(c.rollup()))
                .filter(c -> !c.windowStart().isBefore(query.from()) && c.windowStart().isBefore(query.to()))
                .toList();
        Usd lateCost = late.stream().map(c -> c.usage().cost()).reduce(Usd.ZERO, Usd::plus);
        return new CostReport(query.from(), query.to(), by.label(), query.zone().getId(), by.topic, "USD", totals,
                List.copyOf(rows.values()), new CostReport.Corrections(late.size(), lateCost));
    }

    /** ISO keys sort chronologically, names alphabetically: one TreeMap orders every breakdown. */
    private static String rowKey(GroupBy by, FinanceRollup rollup) {
        return switch (by) {
            case USER, MODEL -> rollup.dimension();
            case DAY -> rollup.windowStart().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            case HOUR -> rollup.windowStart().toString();
        };
    }
}
