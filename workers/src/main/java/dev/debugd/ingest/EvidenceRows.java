package dev.debugd.ingest;

import dev.debugd.detect.BucketGrid;
import dev.debugd.signature.ErrorSignature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A batch's evidence as ClickHouse rows (JSONEachRow), each error with its signature, and split by the bucket
 * grid: rows whose bucket closed before the batch was received go to {@code late_arrivals} instead of the tables
 * that feed the views. Pure: the same batch received at the same moment gives the same rows.
 */
public final class EvidenceRows {

    /** Rows per table, and the late ones. */
    public record Rows(List<String> logLines, List<String> exceptions, List<String> requests, List<String> late) {

        public int onTime() {
            return logLines.size() + exceptions.size() + requests.size();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EvidenceRows() {}

    public static Rows of(String tenant, String batchId, Evidence evidence, BucketGrid grid, Instant receivedAt) {
        var logLines = new ArrayList<String>();
        var exceptions = new ArrayList<String>();
        var requests = new ArrayList<String>();
        var late = new ArrayList<String>();
        for (var line : evidence.logs()) {
            var row = base(tenant, batchId, line.timestamp(), line.service())
                    .put("level", line.level()).put("message", line.message()).put("route", line.route())
                    .put("deploy_hash", line.deployHash()).put("request_id", line.requestId()).put("trace_id", line.traceId())
                    .put("stream", line.stream())
                    .put("error_signature", ErrorSignature.of(line)).put("signature_version", ErrorSignature.VERSION);
            route(row, "log_lines", line.timestamp(), grid, receivedAt, logLines, late);
        }
        for (var exception : evidence.exceptions()) {
            var row = base(tenant, batchId, exception.timestamp(), exception.service())
                    .put("route", exception.route()).put("deploy_hash", exception.deployHash())
                    .put("request_id", exception.requestId()).put("trace_id", exception.traceId())
                    .put("exception_type", exception.type()).put("exception_message", exception.message())
                    .put("error_signature", ErrorSignature.of(exception)).put("signature_version", ErrorSignature.VERSION);
            var module = row.putArray("frame_module");
            var function = row.putArray("frame_function");
            var file = row.putArray("frame_file");
            var lineNumber = row.putArray("frame_line");
            var inApp = row.putArray("frame_in_app");
            for (var frame : exception.frames()) {
                module.add(frame.module());
                function.add(frame.function());
                file.add(frame.file());
                lineNumber.add(frame.line());
                inApp.add(frame.inApp() ? 1 : 0);
            }
            var causeTypes = row.putArray("cause_types");
            var causeMessages = row.putArray("cause_messages");
            for (var cause : exception.causes()) {
                causeTypes.add(cause.type());
                causeMessages.add(cause.message());
            }
            route(row, "exceptions", exception.timestamp(), grid, receivedAt, exceptions, late);
        }
        for (var request : evidence.requests()) {
            var row = base(tenant, batchId, request.timestamp(), request.service())
                    .put("route", request.route()).put("status", request.status()).put("duration_ms", request.durationMs())
                    .put("deploy_hash", request.deployHash()).put("request_id", request.requestId())
                    .put("trace_id", request.traceId());
            route(row, "requests", request.timestamp(), grid, receivedAt, requests, late);
        }
        return new Rows(logLines, exceptions, requests, late);
    }

    private static ObjectNode base(String tenant, String batchId, Instant timestamp, String service) {
        // DateTime as seconds since the epoch: the same instant whatever the server's time zone.
        return JSON.createObjectNode().put("tenant_id", tenant).put("timestamp", timestamp.getEpochSecond())
                .put("service", service).put("batch_id", batchId);
    }

    private static void route(ObjectNode row, String kind, Instant timestamp, BucketGrid grid, Instant receivedAt,
            List<String> onTime, List<String> late) {
        if (!grid.isLate(timestamp, receivedAt)) {
            onTime.add(JSON.writeValueAsString(row));
            return;
        }
        var lateRow = JSON.createObjectNode().put("tenant_id", row.get("tenant_id").asString())
                .put("received_at", receivedAt.getEpochSecond()).put("kind", kind).put("timestamp", timestamp.getEpochSecond())
                .put("service", row.get("service").asString()).put("batch_id", row.get("batch_id").asString())
                .put("row", JSON.writeValueAsString(row));
        late.add(JSON.writeValueAsString(lateRow));
    }
}
