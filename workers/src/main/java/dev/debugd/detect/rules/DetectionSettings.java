package dev.debugd.detect.rules;

import dev.debugd.config.ConfigHistory;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import java.time.Instant;
import java.util.function.Function;

/**
 * A tenant's detection thresholds (Tenant {@code spec.detection}), in buckets and counts.
 *
 * @param noveltyMinOccurrences a signature first seen in a new deploy is an incident once it occurred this often
 * @param noveltyHorizonBuckets … within this many buckets of its first sighting (later it is no longer new)
 * @param spikeFactor           a known signature spikes when a bucket holds this many times its trailing mean
 * @param spikeMinCount         … and at least this many occurrences, so rare errors in quiet services do not flap
 * @param baselineBuckets       the trailing buckets a bucket is compared with
 * @param errorRateThreshold    a service breaches when this share of a bucket's requests fail (5xx)
 * @param errorRateMinRequests  … in a bucket with at least this many requests, after a baseline with as many
 * @param errorRateMinErrors    … and at least this many failed requests
 * @param errorRateFactor       … and at least this many times the baseline's failure share
 * @param gapBuckets            quiet buckets an episode may contain and still be one episode (one incident)
 */
public record DetectionSettings(int noveltyMinOccurrences, int noveltyHorizonBuckets, double spikeFactor, long spikeMinCount,
        int baselineBuckets, double errorRateThreshold, long errorRateMinRequests, long errorRateMinErrors,
        double errorRateFactor, int gapBuckets) {

    public static final DetectionSettings DEFAULTS = new DetectionSettings(3, 60, 3.0, 10, 10, 0.05, 20, 5, 2.0, 2);

    public DetectionSettings {
        positive(noveltyMinOccurrences, "noveltyMinOccurrences");
        positive(noveltyHorizonBuckets, "noveltyHorizonBuckets");
        positive(spikeMinCount, "spikeMinCount");
        positive(baselineBuckets, "baselineBuckets");
        positive(errorRateMinRequests, "errorRateMinRequests");
        positive(errorRateMinErrors, "errorRateMinErrors");
        if (!(spikeFactor >= 1) || Double.isInfinite(spikeFactor)) {
            throw new IllegalArgumentException("spikeFactor must be a number ≥ 1, got " + spikeFactor);
        }
        if (!(errorRateFactor >= 1) || Double.isInfinite(errorRateFactor)) {
            throw new IllegalArgumentException("errorRateFactor must be a number ≥ 1, got " + errorRateFactor);
        }
        if (!(errorRateThreshold > 0 && errorRateThreshold <= 1)) {
            throw new IllegalArgumentException("errorRateThreshold must be above 0 and at most 1, got " + errorRateThreshold);
        }
        if (gapBuckets < 0) {
            throw new IllegalArgumentException("gapBuckets must be ≥ 0, got " + gapBuckets);
        }
    }

    /**
     * The thresholds in force at each moment as the tenant's configuration facts recorded them: defaults before the
     * first Tenant fact, after a deletion, and for a spec that cannot be read (the loader checks before recording).
     */
    public static Function<Instant, DetectionSettings> asRecorded(ConfigHistory history) {
        return history.tenantSettingAsRecorded(spec -> of(spec.detection()), DEFAULTS);
    }

    /** Thresholds from a Tenant's {@code spec.detection}: absent fields keep their defaults. */
    public static DetectionSettings of(TenantSpec.Detection detection) {
        if (detection == null) {
            return DEFAULTS;
        }
        var d = DEFAULTS;
        return new DetectionSettings(
                or(detection.noveltyMinOccurrences(), d.noveltyMinOccurrences()),
                or(detection.noveltyHorizonBuckets(), d.noveltyHorizonBuckets()),
                or(detection.spikeFactor(), d.spikeFactor()),
                or(detection.spikeMinCount(), d.spikeMinCount()),
                or(detection.baselineBuckets(), d.baselineBuckets()),
                or(detection.errorRateThreshold(), d.errorRateThreshold()),
                or(detection.errorRateMinRequests(), d.errorRateMinRequests()),
                or(detection.errorRateMinErrors(), d.errorRateMinErrors()),
                or(detection.errorRateFactor(), d.errorRateFactor()),
                or(detection.gapBuckets(), d.gapBuckets()));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static void positive(long value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }
}
