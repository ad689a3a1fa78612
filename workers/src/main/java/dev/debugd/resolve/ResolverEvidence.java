package dev.debugd.resolve;

import static dev.debugd.evidence.clickhouse.ClickHouseSql.quote;

import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.resolve.rules.EvaluationMetrics;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the resolver reads of a tenant's evidence in ClickHouse: a service's deploys, and a window's counts. */
public final class ResolverEvidence implements Resolver.Evidence {

    private final ClickHouseHttp clickhouse;

    public ResolverEvidence(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public Map<String, Instant> deploys(String tenant, String service) throws IOException, InterruptedException {
        var deploys = new HashMap<String, Instant>();
        for (var row : clickhouse.query("SELECT deploy_hash, toUInt32(minMerge(first_seen_at)) AS first FROM deploys WHERE tenant_id = "
                + quote(tenant) + " AND service = " + quote(service) + " GROUP BY deploy_hash")) {
            var hash = row.get("deploy_hash").asString();
            if (!hash.isEmpty()) {
                deploys.put(hash, Instant.ofEpochSecond(row.get("first").asLong()));
            }
        }
        return deploys;
    }

    @Override
    public EvaluationMetrics.Counts counts(String tenant, String service, Optional<String> signature, Instant from, Instant to)
            throws IOException, InterruptedException {
        var where = " WHERE tenant_id = " + quote(tenant) + " AND service = " + quote(service) + " AND second >= toDateTime("
                + from.getEpochSecond() + ") AND second < toDateTime(" + to.getEpochSecond() + ")";
        var requests = clickhouse.query("SELECT sum(total_requests) AS total, sum(error_requests) AS failed FROM error_rate" + where);
        long total = requests.isEmpty() ? 0 : requests.get(0).get("total").asLong();
        long failed = requests.isEmpty() ? 0 : requests.get(0).get("failed").asLong();
        Optional<Long> occurrences = Optional.empty();
        if (signature.isPresent()) {
            var rows = clickhouse.query("SELECT sum(occurrences) AS n FROM error_frequency" + where + " AND error_signature = "
                    + quote(signature.get()));
            occurrences = Optional.of(rows.isEmpty() ? 0L : rows.get(0).get("n").asLong());
        }
        return new EvaluationMetrics.Counts(total, failed, occurrences);
    }
}
