package com.epchat.ingest.costreport;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cost report as CSV (RFC 4180, CRLF line ends): a header naming the breakdown column, then one
 * line per row; money is the exact decimal, never rounded. Totals are the sum of the rows.
 */
final class CostReportCsv {

    static final String MEDIA_TYPE = "text/csv";

    private CostReportCsv() {
    }

    static String write(CostReport report) {
        StringBuilder csv = new StringBuilder();
        line(csv, List.of(report.groupBy(), "jobs", "calls", "input_cache_hit_tokens", "input_cache_miss_tokens",
                "output_tokens", "reasoning_tokens", "cost_usd"));
        for (CostReport.Line row : report.rows()) {
            line(csv, Stream.of(row.key(), row.jobs(), row.calls(), row.tokens().inputCacheHit(),
                    row.tokens().inputCacheMiss(), row.tokens().output(), row.tokens().reasoning(),
                    row.cost().toPlainString()).map(String::valueOf).toList());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(CostReportCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    private static String cell(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
