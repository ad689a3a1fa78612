package dev.debugd.context;

import static dev.debugd.evidence.clickhouse.ClickHouseSql.quote;

import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.EpisodeEvidence;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads an incident's episode window from ClickHouse for the context builder: only closed buckets (their watermark
 * passed when the incident was detected, so no late row can change them), every list ordered by stable keys and cut at
 * a fetch limit, so reading again gives the same rows.
 */
public final class EpisodeReader {

    static final int EXCEPTION_ROWS = 500;
    static final int LOG_ROWS = 1000;

    private final ClickHouseHttp clickhouse;
    private final BucketGrid grid;

    public EpisodeReader(ClickHouseHttp clickhouse, BucketGrid grid) {
        this.clickhouse = clickhouse;
        this.grid = grid;
    }

    /**
     * The window: from the episode's first bucket less {@code baselineBuckets}, to the end of the last bucket whose
     * watermark had passed when the incident was detected.
     */
    public Context.Window window(Instant episodeStart, Instant detectedAt, int baselineBuckets) {
        long faultBucket = grid.bucketOf(episodeStart);
        var to = grid.start(grid.bucketOf(detectedAt.minus(grid.lateness())));
        var faultFrom = grid.start(faultBucket);
        if (to.isBefore(faultFrom)) {
            to = faultFrom;
        }
        return new Context.Window(grid.start(faultBucket - baselineBuckets), faultFrom, to, grid.widthSeconds());
    }

    public EpisodeEvidence read(Context.Incident incident, Context.Window window, Optional<Context.Code> code)
            throws IOException, InterruptedException {
        var limitsHit = new ArrayList<String>();
        var service = "tenant_id = " + quote(incident.tenant()) + " AND service = " + quote(incident.service());
        var signature = " AND error_signature = " + quote(incident.signature()) + " AND signature_version = " + incident.signatureVersion();
        var fault = " AND timestamp >= toDateTime(" + window.faultFrom().getEpochSecond() + ") AND timestamp < toDateTime("
                + window.to().getEpochSecond() + ")";
        var whole = " AND second >= toDateTime(" + window.from().getEpochSecond() + ") AND second < toDateTime("
                + window.to().getEpochSecond() + ")";

        var exceptions = new ArrayList<ExceptionEvent>();
        // An incident of no signature (the error rate) reads every exception the service threw during the fault.
        for (var row : limited(clickhouse.query("SELECT toUInt32(timestamp) AS ts, route, deploy_hash, request_id, trace_id,"
                + " exception_type, exception_message, frame_module, frame_function, frame_file, frame_line, frame_in_app,"
                + " cause_types, cause_messages FROM exceptions WHERE " + service + (incident.signature().isEmpty() ? "" : signature)
                + fault
                + " ORDER BY timestamp, batch_id, exception_type, exception_message, route, request_id LIMIT " + (EXCEPTION_ROWS + 1)),
                EXCEPTION_ROWS, "exceptions", limitsHit)) {
            exceptions.add(exception(row, incident.service()));
        }
        // How often each signature occurred in the window before the fault: a line as frequent as ever is background.
        var baseline = new HashMap<String, Long>();
        for (var row : clickhouse.query("SELECT error_signature, signature_version, sum(occurrences) AS n FROM error_frequency"
                + " WHERE " + service + " AND second >= toDateTime(" + window.from().getEpochSecond() + ") AND second < toDateTime("
                + window.faultFrom().getEpochSecond() + ") GROUP BY error_signature, signature_version")) {
            baseline.put(row.get("error_signature").asString() + "/" + row.get("signature_version").asInt(), row.get("n").asLong());
        }
        var logs = new ArrayList<EpisodeEvidence.Log>();
        // The signature's lines first, then errors, then warnings, then the rest: the limit cuts the least telling.
        for (var row : limited(clickhouse.query("SELECT toUInt32(timestamp) AS ts, level, message, route, deploy_hash, request_id,"
                + " trace_id, stream, error_signature, signature_version, error_signature = " + quote(incident.signature()) + " AND signature_version = "
                + incident.signatureVersion() + " AS incident_signature,"
                + " multiIf(match(lower(level), '^(fatal|crit|emerg|alert|err|panic|severe)'), 0, match(lower(level), '^warn'), 1, 2)"
                + " AS severity FROM log_lines WHERE " + service + fault
                + " ORDER BY incident_signature DESC, severity, timestamp, batch_id, message, level LIMIT " + (LOG_ROWS + 1)),
                LOG_ROWS, "log_lines", limitsHit)) {
            logs.add(new EpisodeEvidence.Log(new LogLine(Instant.ofEpochSecond(row.get("ts").asLong()), incident.service(),
                    row.get("level").asString(), row.get("message").asString(), row.get("route").asString(),
                    row.get("deploy_hash").asString(), row.get("request_id").asString(), row.get("trace_id").asString(),
                    row.get("stream").asString()), row.get("incident_signature").asInt() == 1, row.get("error_signature").asString(),
                    baseline.getOrDefault(row.get("error_signature").asString() + "/" + row.get("signature_version").asInt(), 0L)));
        }
        long width = grid.widthSeconds();
        var signatureSeries = new ArrayList<Context.SignaturePoint>();
        for (var row : clickhouse.query("SELECT intDiv(toUInt32(second), " + width + ") AS bucket, sum(occurrences) AS n"
                + " FROM error_frequency WHERE " + service + signature + whole + " GROUP BY bucket ORDER BY bucket")) {
            signatureSeries.add(new Context.SignaturePoint(grid.start(row.get("bucket").asLong()), row.get("n").asLong()));
        }
        var errorRate = new ArrayList<Context.RatePoint>();
        for (var row : clickhouse.query("SELECT intDiv(toUInt32(second), " + width + ") AS bucket, sum(total_requests) AS total,"
                + " sum(error_requests) AS failed FROM error_rate WHERE " + service + whole + " GROUP BY bucket ORDER BY bucket")) {
            errorRate.add(new Context.RatePoint(grid.start(row.get("bucket").asLong()), row.get("total").asLong(),
                    row.get("failed").asLong()));
        }
        var deploys = new HashMap<String, Instant>();
        for (var row : clickhouse.query("SELECT deploy_hash, toUInt32(minMerge(first_seen_at)) AS first FROM deploys WHERE "
                + service + " GROUP BY deploy_hash HAVING first < " + window.to().getEpochSecond())) {
            deploys.put(row.get("deploy_hash").asString(), Instant.ofEpochSecond(row.get("first").asLong()));
        }
        var routes = new ArrayList<Context.RouteCount>();
        for (var row : clickhouse.query("SELECT route, count() AS n, countIf(status >= 500) AS failed FROM requests WHERE "
                + service + fault + " GROUP BY route ORDER BY n DESC, route LIMIT 50")) {
            routes.add(new Context.RouteCount(row.get("route").asString(), row.get("n").asLong(), row.get("failed").asLong()));
        }
        var statuses = new ArrayList<Context.StatusCount>();
        for (var row : clickhouse.query("SELECT status, count() AS n FROM requests WHERE " + service + fault
                + " GROUP BY status ORDER BY n DESC, status LIMIT 50")) {
            statuses.add(new Context.StatusCount(row.get("status").asInt(), row.get("n").asLong()));
        }
        var ids = clickhouse.query("SELECT countIf(request_id != '') AS r, countIf(trace_id != '') AS t FROM requests WHERE "
                + service + fault).get(0);
        boolean requestIds = ids.get("r").asLong() > 0 || exceptions.stream().anyMatch(e -> !e.requestId().isEmpty())
                || logs.stream().anyMatch(l -> !l.line().requestId().isEmpty());
        boolean traceIds = ids.get("t").asLong() > 0 || exceptions.stream().anyMatch(e -> !e.traceId().isEmpty())
                || logs.stream().anyMatch(l -> !l.line().traceId().isEmpty());
        return new EpisodeEvidence(incident, window, exceptions, logs, signatureSeries, errorRate, deploys, routes, statuses,
                new Context.IdPresence(requestIds, traceIds), related(incident, window, service), code, limitsHit);
    }

    /** Other signatures of the service first seen within the window, with how often they occurred there and a sample. */
    private List<Context.RelatedSignature> related(Context.Incident incident, Context.Window window, String service)
            throws IOException, InterruptedException {
        var related = new ArrayList<Context.RelatedSignature>();
        long from = window.from().getEpochSecond();
        long to = window.to().getEpochSecond();
        for (var row : clickhouse.query("SELECT error_signature, signature_version, toUInt32(minMerge(first_seen_at)) AS first"
                + " FROM error_novelty WHERE " + service + " AND NOT (error_signature = " + quote(incident.signature())
                + " AND signature_version = " + incident.signatureVersion() + ") GROUP BY error_signature, signature_version"
                + " HAVING first >= " + from + " AND first < " + to + " ORDER BY first, error_signature, signature_version LIMIT 20")) {
            var same = " AND error_signature = " + quote(row.get("error_signature").asString()) + " AND signature_version = "
                    + row.get("signature_version").asInt();
            var during = " AND timestamp >= toDateTime(" + from + ") AND timestamp < toDateTime(" + to + ")";
            long occurrences = clickhouse.query("SELECT sum(occurrences) AS n FROM error_frequency WHERE " + service + same
                    + " AND second >= toDateTime(" + from + ") AND second < toDateTime(" + to + ")").get(0).get("n").asLong();
            var samples = clickhouse.query("SELECT min(exception_message) AS m, count() AS n FROM exceptions WHERE " + service + same
                    + during + " UNION ALL SELECT min(message) AS m, count() AS n FROM log_lines WHERE " + service + same + during);
            var sample = samples.stream().filter(s -> s.get("n").asLong() > 0).map(s -> s.get("m").asString())
                    .sorted().findFirst().orElse("");
            related.add(new Context.RelatedSignature(row.get("error_signature").asString(),
                    Instant.ofEpochSecond(row.get("first").asLong()), occurrences, sample));
        }
        return related;
    }

    private static List<JsonNode> limited(List<JsonNode> rows, int limit, String name, List<String> limitsHit) {
        if (rows.size() <= limit) {
            return rows;
        }
        limitsHit.add(name);
        return rows.subList(0, limit);
    }

    private static ExceptionEvent exception(JsonNode row, String service) {
        var frames = new ArrayList<ExceptionEvent.Frame>();
        var modules = row.get("frame_module");
        for (int i = 0; i < modules.size(); i++) {
            frames.add(new ExceptionEvent.Frame(modules.get(i).asString(), row.get("frame_function").get(i).asString(),
                    row.get("frame_file").get(i).asString(), row.get("frame_line").get(i).asInt(),
                    row.get("frame_in_app").get(i).asInt() == 1));
        }
        var causes = new ArrayList<ExceptionEvent.Cause>();
        var types = row.get("cause_types");
        for (int i = 0; i < types.size(); i++) {
            causes.add(new ExceptionEvent.Cause(types.get(i).asString(), row.get("cause_messages").get(i).asString(), List.of()));
        }
        return new ExceptionEvent(Instant.ofEpochSecond(row.get("ts").asLong()), service, row.get("route").asString(),
                row.get("deploy_hash").asString(), row.get("request_id").asString(), row.get("trace_id").asString(),
                row.get("exception_type").asString(), row.get("exception_message").asString(), frames, causes);
    }
}
