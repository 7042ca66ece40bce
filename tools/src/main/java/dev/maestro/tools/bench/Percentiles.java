package dev.maestro.tools.bench;

import java.util.Arrays;

/** p50 and p95 of a set of durations, in microseconds. */
public record Percentiles(int samples, double p50Micros, double p95Micros) {

    public static Percentiles of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, at(sorted, 0.50) / 1000.0, at(sorted, 0.95) / 1000.0);
    }

    private static long at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "p50 %.1f µs, p95 %.1f µs (%d samples)", p50Micros, p95Micros, samples);
    }
}
