package dev.debugd.detect.rules;

import java.time.Instant;
import java.util.Map;

/**
 * What the evidence views say about one tenant over a window of closed buckets: enough for the rules to judge the
 * buckets at the window's end. Buckets are numbers on a {@link BucketGrid}; counts are sparse (absent is zero).
 *
 * @param errors       per signature: bucket → occurrences
 * @param firstSeen    per signature: its first sighting ever (in closed buckets) and the deploy it happened under
 * @param deploys      per service: deploy → its first sighting
 * @param requests     per service: bucket → requests and failed requests
 * @param versionsSeen per signature version: when the tenant's evidence was first signed with it
 */
public record Observations(Map<SignatureKey, Map<Long, Long>> errors, Map<SignatureKey, Sighting> firstSeen,
        Map<String, Map<String, Instant>> deploys, Map<String, Map<Long, RequestCounts>> requests, Map<Integer, Instant> versionsSeen) {

    public Observations {
        errors = Map.copyOf(errors);
        firstSeen = Map.copyOf(firstSeen);
        deploys = Map.copyOf(deploys);
        requests = Map.copyOf(requests);
        versionsSeen = Map.copyOf(versionsSeen);
    }

    /** An error signature of one service, within one version of the signature function. */
    public record SignatureKey(String service, String signature, int version) {}

    public record Sighting(Instant at, String deploy) {}

    public record RequestCounts(long total, long failed) {}
}
