package com.epchat.cost.reconcile;

import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The four sums that must agree after any run: the usage events (each usageId once), each finance
 * rollup plus its corrections, the per-job costs the jobs ended with, and the workers' cost counter.
 * Money sums are exact and must be equal; the counter is a Prometheus double and must be within
 * half a micro-dollar (it is the double nearest the exact sum, so in practice within 1e-12).
 *
 * @param rollups per finance topic, the sum of its latest totals plus its corrections
 * @param jobsEnded jobs whose status is final; {@code jobsUnfinished} are still running and make their
 *     per-job cost lag behind their usage
 * @param metric the scraped {@code ep_chat_actual_cost_usd_total} summed over the targets, or null
 */
public record Reconciliation(Usd usage, long usageEvents, long duplicates, Map<String, Usd> rollups,
        Map<String, Usd> corrections, Usd jobs, long jobsEnded, long jobsUnfinished, BigDecimal metric,
        long unreadable) {

    static final BigDecimal HALF_MICRO = new BigDecimal("0.0000005");

    /** What does not agree; empty when everything reconciles. */
    public List<String> mismatches() {
        List<String> problems = new ArrayList<>();
        rollups.forEach((topic, sum) -> {
            if (!sum.equals(usage)) {
                problems.add(topic + " + corrections = " + sum.toPlainString() + " but usage = " + usage.toPlainString());
            }
        });
        if (!jobs.equals(usage)) {
            problems.add("per-job costs = " + jobs.toPlainString() + " but usage = " + usage.toPlainString()
                    + (jobsUnfinished > 0 ? " (" + jobsUnfinished + " jobs still running)" : ""));
        }
        if (metric != null && metric.subtract(usage.amount()).abs().compareTo(HALF_MICRO) > 0) {
            problems.add("ep_chat_actual_cost_usd_total = " + metric.toPlainString() + " but usage = "
                    + usage.toPlainString() + " (a worker restarted since the topics began? counters restart at 0)");
        }
        if (unreadable > 0) {
            problems.add(unreadable + " records could not be read");
        }
        return problems;
    }

    public boolean reconciled() {
        return mismatches().isEmpty();
    }

    /** The report an operator reads. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-44s %s%n", "usage events (ep.usage, " + usageEvents + " events, " + duplicates
                + " duplicates)", usage.toPlainString()));
        rollups.forEach((topic, sum) -> out.append(String.format("%-44s %s%n", "finance rollups " + topic
                + (corrections.get(topic).isZero() ? "" : " (incl. corrections " + corrections.get(topic) + ")"),
                sum.toPlainString())));
        out.append(String.format("%-44s %s%n", "per-job costs (ep.job.status, " + jobsEnded + " ended)",
                jobs.toPlainString()));
        out.append(String.format("%-44s %s%n", "metrics ep_chat_actual_cost_usd_total",
                metric == null ? "(not scraped)" : metric.toPlainString()));
        List<String> problems = mismatches();
        out.append(problems.isEmpty() ? "RECONCILED to the micro-dollar\n"
                : "MISMATCH:\n  " + String.join("\n  ", problems) + "\n");
        return out.toString();
    }
}
