package dev.debugd.operator.bench;

import java.time.Duration;
import java.util.List;

/** The 50th and 95th percentiles (nearest rank) and the maximum of some durations, in milliseconds. Pure. */
record Percentiles(double p50, double p95, double max) {

    static Percentiles of(List<Duration> durations) {
        if (durations.isEmpty()) {
            throw new IllegalArgumentException("no durations");
        }
        var millis = durations.stream().mapToDouble(d -> d.toNanos() / 1e6).sorted().toArray();
        return new Percentiles(rank(millis, 0.50), rank(millis, 0.95), millis[millis.length - 1]);
    }

    private static double rank(double[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
