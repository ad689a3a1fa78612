package dev.debugd.detect.rules;

import dev.debugd.detect.rules.Observations.RequestCounts;
import dev.debugd.detect.rules.Observations.SignatureKey;
import dev.debugd.evidence.BucketGrid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Incident Detector's rules (design §6, ARCHITECTURE §7), pure: the same observations give the same episodes.
 * <ul>
 * <li><b>novelty</b>: a signature whose first sighting ever came under a deploy that was not the service's first and
 *     that started after its signature version was first seen in the tenant's evidence (so an upgrade of the
 *     signature function makes nothing "new"), once it has occurred {@code noveltyMinOccurrences} times within the
 *     horizon. One bucket, once.</li>
 * <li><b>frequency spike</b>: a signature known since before its baseline whose bucket holds at least
 *     {@code spikeMinCount} occurrences and {@code spikeFactor} times its trailing mean.</li>
 * <li><b>error rate</b>: a service whose bucket has enough requests, enough failures, a failure share of at least
 *     {@code errorRateThreshold} and {@code errorRateFactor} times the share of a baseline that had traffic.</li>
 * </ul>
 * An episode is a run of anomalous buckets in which no more than {@code gapBuckets} quiet buckets follow each
 * other; only its first bucket makes a {@link Detection}. A rule judges a bucket from that bucket and the ones
 * before it only, with the settings in force for that bucket (as recorded for its time), so a closed bucket is judged
 * the same whenever it is evaluated.
 */
public final class IncidentRules {

    private IncidentRules() {}

    /** The settings a bucket is judged with. */
    public interface BucketSettings {
        DetectionSettings of(long bucket);
    }

    /** The first bucket whose judgement can decide whether an anomaly in {@code from..to} continues an episode. */
    private static long firstJudged(BucketSettings settings, long from, long to) {
        long first = from;
        for (long bucket = from; bucket <= to; bucket++) {
            first = Math.min(first, bucket - settings.of(bucket).gapBuckets() - 1);
        }
        return first;
    }

    /** How many buckets before {@code from} the observations must reach back to judge {@code from..to}. */
    public static int lookback(BucketSettings settings, long from, long to) {
        long lookback = 0;
        for (long bucket = firstJudged(settings, from, to); bucket <= to; bucket++) {
            var s = settings.of(bucket);
            lookback = Math.max(lookback, from - bucket + Math.max(s.baselineBuckets(), s.noveltyHorizonBuckets()));
        }
        return (int) lookback;
    }

    /** The episodes that start in buckets {@code from..to}; the observations must reach back {@link #lookback}. */
    public static List<Detection> detect(String tenant, BucketSettings settingsOf, BucketGrid grid, Observations observations,
            long from, long to) {
        var detections = new ArrayList<Detection>();
        long firstJudged = firstJudged(settingsOf, from, to);
        for (var entry : observations.firstSeen().entrySet()) {
            // A deploy already running when the signature's version came into use is no news to that version: after an
            // upgrade of the function every signature is first seen in the deploys then running.
            var versionSeen = observations.versionsSeen().getOrDefault(entry.getKey().version(), Instant.MIN);
            var settings = settingsOf.of(grid.bucketOf(entry.getValue().at())); // as of the first sighting
            novelty(tenant, settings, grid, observations, entry.getKey(), entry.getValue(), versionSeen, from, to)
                    .ifPresent(detections::add);
        }
        for (var entry : observations.errors().entrySet()) {
            var key = entry.getKey();
            var counts = entry.getValue();
            var sighting = observations.firstSeen().get(key);
            if (sighting == null) {
                continue;
            }
            var anomalous = new LinkedHashMap<Long, Map<String, Double>>();
            for (long bucket = firstJudged; bucket <= to; bucket++) {
                var settings = settingsOf.of(bucket);
                long count = counts.getOrDefault(bucket, 0L);
                if (count < settings.spikeMinCount() || grid.bucketOf(sighting.at()) >= bucket - settings.baselineBuckets()) {
                    continue; // too few, or too new to have a baseline (novelty's case)
                }
                long baselineSum = 0;
                for (long b = bucket - settings.baselineBuckets(); b < bucket; b++) {
                    baselineSum += counts.getOrDefault(b, 0L);
                }
                double mean = (double) baselineSum / settings.baselineBuckets();
                if (count >= settings.spikeFactor() * mean) {
                    anomalous.put(bucket, Map.of("occurrences", (double) count, "baseline_mean", mean));
                }
            }
            starts(anomalous, settingsOf, from).forEach((bucket, figures) -> detections.add(new Detection(tenant, key.service(),
                    Detection.SPIKE, key.signature(), key.version(), bucket, grid.start(bucket), grid.watermark(bucket), figures)));
        }
        for (var entry : observations.requests().entrySet()) {
            var service = entry.getKey();
            var counts = entry.getValue();
            var anomalous = new LinkedHashMap<Long, Map<String, Double>>();
            for (long bucket = firstJudged; bucket <= to; bucket++) {
                var settings = settingsOf.of(bucket);
                var now = counts.getOrDefault(bucket, new RequestCounts(0, 0));
                if (now.total() < settings.errorRateMinRequests() || now.failed() < settings.errorRateMinErrors()) {
                    continue;
                }
                long baselineTotal = 0;
                long baselineFailed = 0;
                for (long b = bucket - settings.baselineBuckets(); b < bucket; b++) {
                    var before = counts.getOrDefault(b, new RequestCounts(0, 0));
                    baselineTotal += before.total();
                    baselineFailed += before.failed();
                }
                if (baselineTotal < settings.errorRateMinRequests()) {
                    continue; // no baseline to compare with yet
                }
                double rate = (double) now.failed() / now.total();
                double baselineRate = (double) baselineFailed / baselineTotal;
                if (rate >= settings.errorRateThreshold() && rate >= settings.errorRateFactor() * baselineRate) {
                    anomalous.put(bucket, Map.of("requests", (double) now.total(), "failed", (double) now.failed(),
                            "rate", rate, "baseline_rate", baselineRate));
                }
            }
            starts(anomalous, settingsOf, from).forEach((bucket, figures) -> detections.add(new Detection(tenant, service,
                    Detection.ERROR_RATE, "", 0, bucket, grid.start(bucket), grid.watermark(bucket), figures)));
        }
        detections.sort(Comparator.comparingLong(Detection::bucket).thenComparing(Detection::service)
                .thenComparing(Detection::rule).thenComparing(Detection::signature).thenComparingInt(Detection::signatureVersion));
        return detections;
    }

    private static Optional<Detection> novelty(String tenant, DetectionSettings settings, BucketGrid grid,
            Observations observations, SignatureKey key, Observations.Sighting sighting, Instant versionSeen, long from, long to) {
        if (sighting.deploy().isEmpty()) {
            return Optional.empty();
        }
        var deploys = observations.deploys().getOrDefault(key.service(), Map.of());
        var deployedAt = deploys.get(sighting.deploy());
        boolean earlierDeploy = deployedAt != null && deploys.values().stream().anyMatch(other -> other.isBefore(deployedAt));
        if (!earlierDeploy || !deployedAt.isAfter(versionSeen)) {
            // the service's first known deploy (everything in it is "new"), or a deploy already running when this
            // signature version was first seen
            return Optional.empty();
        }
        long firstBucket = grid.bucketOf(sighting.at());
        var counts = observations.errors().getOrDefault(key, Map.of());
        long total = 0;
        for (long bucket = firstBucket; bucket <= Math.min(to, firstBucket + settings.noveltyHorizonBuckets()); bucket++) {
            total += counts.getOrDefault(bucket, 0L);
            if (total >= settings.noveltyMinOccurrences()) {
                if (bucket < from) {
                    return Optional.empty(); // detected in an earlier pass
                }
                return Optional.of(new Detection(tenant, key.service(), Detection.NOVELTY, key.signature(), key.version(),
                        bucket, grid.start(bucket), grid.watermark(bucket), Map.of("occurrences", (double) total,
                                "first_seen_epoch_s", (double) sighting.at().getEpochSecond(),
                                "deployed_epoch_s", (double) deployedAt.getEpochSecond())));
            }
        }
        return Optional.empty();
    }

    /** The anomalous buckets from {@code from} on that no anomalous bucket precedes within their gap tolerance. */
    private static Map<Long, Map<String, Double>> starts(Map<Long, Map<String, Double>> anomalous, BucketSettings settings,
            long from) {
        var starts = new LinkedHashMap<Long, Map<String, Double>>();
        var buckets = new TreeSet<>(anomalous.keySet());
        for (long bucket : buckets) {
            var previous = buckets.lower(bucket);
            boolean continues = previous != null && bucket - previous <= settings.of(bucket).gapBuckets() + 1;
            if (bucket >= from && !continues) {
                starts.put(bucket, anomalous.get(bucket));
            }
        }
        return starts;
    }
}
