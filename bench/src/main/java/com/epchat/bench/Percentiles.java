package com.epchat.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured durations, in milliseconds. */
public record Percentiles(int count, double p50, double p90, double p99, double max, double mean) {

    public static Percentiles ofNanos(List<Long> nanos) {
        double[] ms = nanos.stream().mapToDouble(n -> n / 1_000_000.0).sorted().toArray();
        if (ms.length == 0) {
            return new Percentiles(0, 0, 0, 0, 0, 0);
        }
        return new Percentiles(ms.length, at(ms, 0.50), at(ms, 0.90), at(ms, 0.99), ms[ms.length - 1],
                Arrays.stream(ms).average().orElse(0));
    }

    private static double at(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms mean=%.1f ms", count, p50, p90, p99,
                max, mean);
    }
}
