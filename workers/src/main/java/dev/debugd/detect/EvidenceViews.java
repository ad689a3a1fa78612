package dev.debugd.detect;

import static dev.debugd.evidence.clickhouse.ClickHouseSql.quote;

import dev.debugd.detect.rules.Observations;
import dev.debugd.detect.rules.Observations.RequestCounts;
import dev.debugd.detect.rules.Observations.Sighting;
import dev.debugd.detect.rules.Observations.SignatureKey;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** What the detector reads from ClickHouse's views: a tenant's observations over a window of buckets. */
public final class EvidenceViews {

    private final ClickHouseHttp clickhouse;
    private final BucketGrid grid;

    public EvidenceViews(ClickHouseHttp clickhouse, BucketGrid grid) {
        this.clickhouse = clickhouse;
        this.grid = grid;
    }

    /** The tenants with evidence in the views, in order. */
    public List<String> tenants() throws IOException, InterruptedException {
        var tenants = new TreeSet<String>();
        for (var row : clickhouse.query("SELECT DISTINCT tenant_id FROM error_rate UNION ALL SELECT DISTINCT tenant_id FROM error_frequency")) {
            tenants.add(row.get("tenant_id").asString());
        }
        return List.copyOf(tenants);
    }

    /** The tenant's first bucket with evidence, if it has any. */
    public Optional<Long> firstBucket(String tenant) throws IOException, InterruptedException {
        long first = Long.MAX_VALUE;
        for (var table : List.of("error_rate", "error_frequency")) {
            var rows = clickhouse.query("SELECT count() AS n, toUInt32(min(second)) AS first FROM " + table
                    + " WHERE tenant_id = " + quote(tenant));
            if (rows.get(0).get("n").asLong() > 0) {
                first = Math.min(first, grid.bucketOf(Instant.ofEpochSecond(rows.get(0).get("first").asLong())));
            }
        }
        return first == Long.MAX_VALUE ? Optional.empty() : Optional.of(first);
    }

    /** The observations of buckets {@code first..last}, with sightings up to the end of {@code last}. */
    public Observations read(String tenant, long first, long last) throws IOException, InterruptedException {
        long width = grid.widthSeconds();
        long start = grid.start(first).getEpochSecond();
        long end = grid.end(last).getEpochSecond();
        var tenantIs = "tenant_id = " + quote(tenant);
        var window = " AND second >= toDateTime(" + start + ") AND second < toDateTime(" + end + ")";

        var errors = new HashMap<SignatureKey, Map<Long, Long>>();
        for (var row : clickhouse.query("SELECT service, error_signature, signature_version, intDiv(toUInt32(second), " + width
                + ") AS bucket, sum(occurrences) AS n FROM error_frequency WHERE " + tenantIs + window
                + " GROUP BY service, error_signature, signature_version, bucket")) {
            errors.computeIfAbsent(key(row), k -> new HashMap<>()).put(row.get("bucket").asLong(), row.get("n").asLong());
        }
        // First sightings over all time, kept when they fall before the window's end: those are in closed buckets,
        // so final; a signature's earliest deploy wins, the smaller deploy name when two share the second.
        var firstSeen = new HashMap<SignatureKey, Sighting>();
        for (var row : clickhouse.query("SELECT service, error_signature, signature_version, deploy_hash,"
                + " toUInt32(minMerge(first_seen_at)) AS first FROM error_novelty WHERE " + tenantIs
                + " GROUP BY service, error_signature, signature_version, deploy_hash HAVING first < " + end)) {
            var sighting = new Sighting(Instant.ofEpochSecond(row.get("first").asLong()), row.get("deploy_hash").asString());
            firstSeen.merge(key(row), sighting, (a, b) -> a.at().equals(b.at())
                    ? (a.deploy().compareTo(b.deploy()) <= 0 ? a : b) : (a.at().isBefore(b.at()) ? a : b));
        }
        var deploys = new HashMap<String, Map<String, Instant>>();
        for (var row : clickhouse.query("SELECT service, deploy_hash, toUInt32(minMerge(first_seen_at)) AS first FROM deploys WHERE "
                + tenantIs + " GROUP BY service, deploy_hash HAVING first < " + end)) {
            deploys.computeIfAbsent(row.get("service").asString(), s -> new HashMap<>())
                    .put(row.get("deploy_hash").asString(), Instant.ofEpochSecond(row.get("first").asLong()));
        }
        var requests = new HashMap<String, Map<Long, RequestCounts>>();
        for (var row : clickhouse.query("SELECT service, intDiv(toUInt32(second), " + width + ") AS bucket,"
                + " sum(total_requests) AS total, sum(error_requests) AS failed FROM error_rate WHERE " + tenantIs + window
                + " GROUP BY service, bucket")) {
            requests.computeIfAbsent(row.get("service").asString(), s -> new HashMap<>())
                    .put(row.get("bucket").asLong(), new RequestCounts(row.get("total").asLong(), row.get("failed").asLong()));
        }
        var versionsSeen = new HashMap<Integer, Instant>();
        for (var row : clickhouse.query("SELECT signature_version, toUInt32(minMerge(first_seen_at)) AS first FROM signature_versions"
                + " WHERE " + tenantIs + " GROUP BY signature_version HAVING first < " + end)) {
            versionsSeen.put(row.get("signature_version").asInt(), Instant.ofEpochSecond(row.get("first").asLong()));
        }
        return new Observations(errors, firstSeen, deploys, requests, versionsSeen);
    }

    private static SignatureKey key(tools.jackson.databind.JsonNode row) {
        return new SignatureKey(row.get("service").asString(), row.get("error_signature").asString(),
                row.get("signature_version").asInt());
    }
}
