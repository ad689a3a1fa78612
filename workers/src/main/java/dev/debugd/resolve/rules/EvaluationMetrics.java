package dev.debugd.resolve.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deterministic before/after figures a fix is judged by (ARCHITECTURE §6): the service's requests and error rate,
 * and the incident's signature frequency when it has one, over two equal windows: the one before the fault began and
 * the observation window after the deploy. Pure.
 */
public final class EvaluationMetrics {

    /** Fewer requests than this in either window and the figures cannot tell a fix from quiet traffic. */
    public static final long MIN_REQUESTS = 30;

    public static final String WINDOW_MINUTES = "window_minutes";
    public static final String REQUESTS_BEFORE = "requests_before";
    public static final String REQUESTS_AFTER = "requests_after";
    public static final String ERROR_RATE_BEFORE = "error_rate_before";
    public static final String ERROR_RATE_AFTER = "error_rate_after";
    public static final String SIGNATURE_PER_MINUTE_BEFORE = "signature_per_minute_before";
    public static final String SIGNATURE_PER_MINUTE_AFTER = "signature_per_minute_after";

    /** What one window held: requests, failed requests, and occurrences of the incident's signature (empty without one). */
    public record Counts(long requests, long failedRequests, Optional<Long> signature) {
        public Counts {
            if (requests < 0 || failedRequests < 0 || failedRequests > requests) {
                throw new IllegalArgumentException("counts must satisfy 0 <= failed <= requests, got " + failedRequests + " of "
                        + requests);
            }
        }
    }

    /** The figures, and why they cannot judge the fix (empty when they can). */
    public record Figures(Map<String, Double> metrics, Optional<String> inconclusive) {}

    private EvaluationMetrics() {}

    public static Figures of(Counts before, Counts after, Duration window) {
        double minutes = window.toMillis() / 60_000.0;
        var metrics = new LinkedHashMap<String, Double>();
        metrics.put(WINDOW_MINUTES, round(minutes));
        metrics.put(REQUESTS_BEFORE, (double) before.requests());
        metrics.put(REQUESTS_AFTER, (double) after.requests());
        metrics.put(ERROR_RATE_BEFORE, round(rate(before)));
        metrics.put(ERROR_RATE_AFTER, round(rate(after)));
        if (before.signature().isPresent() && after.signature().isPresent()) {
            metrics.put(SIGNATURE_PER_MINUTE_BEFORE, round(before.signature().get() / minutes));
            metrics.put(SIGNATURE_PER_MINUTE_AFTER, round(after.signature().get() / minutes));
        }
        Optional<String> inconclusive = Optional.empty();
        if (before.requests() < MIN_REQUESTS || after.requests() < MIN_REQUESTS) {
            inconclusive = Optional.of("too few requests to judge: " + before.requests() + " before the fault and " + after.requests()
                    + " after the fix, in windows of " + metrics.get(WINDOW_MINUTES) + " min (at least " + MIN_REQUESTS
                    + " each)");
        }
        return new Figures(Map.copyOf(metrics), inconclusive);
    }

    private static double rate(Counts counts) {
        return counts.requests() == 0 ? 0 : (double) counts.failedRequests() / counts.requests();
    }

    /** Four decimals: the figures are shown and compared, and replay must write the same ones. */
    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
