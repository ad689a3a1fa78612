package dev.debugd.ingest;

import dev.debugd.signature.ErrorSignature;
import dev.debugd.signature.GroupingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A batch's evidence as ClickHouse rows (JSONEachRow), each error with its signature, and the late-arrival row
 * that keeps a row whose bucket had closed when it came. Pure.
 */
public final class EvidenceRows {

    /** One row for a table, with what decides whether it is late. */
    public record Row(String table, Instant timestamp, String service, String json) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EvidenceRows() {}

    /** The rows of a batch, table by table in the order log_lines, exceptions, requests, signed under the tenant's settings. */
    public static List<Row> of(String tenant, String batchId, Evidence evidence, GroupingSettings grouping) {
        int version = grouping.version();
        var rows = new ArrayList<Row>();
        for (var line : evidence.logs()) {
            var row = base(tenant, batchId, line.timestamp(), line.service())
                    .put("level", line.level()).put("message", line.message()).put("route", line.route())
                    .put("deploy_hash", line.deployHash()).put("request_id", line.requestId()).put("trace_id", line.traceId())
                    .put("stream", line.stream())
                    .put("error_signature", ErrorSignature.of(line)).put("signature_version", version);
            rows.add(new Row("log_lines", line.timestamp(), line.service(), JSON.writeValueAsString(row)));
        }
        for (var exception : evidence.exceptions()) {
            var row = base(tenant, batchId, exception.timestamp(), exception.service())
                    .put("route", exception.route()).put("deploy_hash", exception.deployHash())
                    .put("request_id", exception.requestId()).put("trace_id", exception.traceId())
                    .put("exception_type", exception.type()).put("exception_message", exception.message())
                    .put("error_signature", ErrorSignature.of(exception, grouping)).put("signature_version", version);
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
            rows.add(new Row("exceptions", exception.timestamp(), exception.service(), JSON.writeValueAsString(row)));
        }
        for (var request : evidence.requests()) {
            var row = base(tenant, batchId, request.timestamp(), request.service())
                    .put("route", request.route()).put("status", request.status()).put("duration_ms", request.durationMs())
                    .put("deploy_hash", request.deployHash()).put("request_id", request.requestId())
                    .put("trace_id", request.traceId());
            rows.add(new Row("requests", request.timestamp(), request.service(), JSON.writeValueAsString(row)));
        }
        return rows;
    }

    /** The late_arrivals row that keeps a row which came after its bucket closed. */
    public static String late(String tenant, String batchId, Row row, Instant receivedAt) {
        return JSON.writeValueAsString(JSON.createObjectNode().put("tenant_id", tenant)
                .put("received_at", receivedAt.getEpochSecond()).put("kind", row.table())
                .put("timestamp", row.timestamp().getEpochSecond()).put("service", row.service()).put("batch_id", batchId)
                .put("row", row.json()));
    }

    private static ObjectNode base(String tenant, String batchId, Instant timestamp, String service) {
        // DateTime as seconds since the epoch: the same instant whatever the server's time zone.
        return JSON.createObjectNode().put("tenant_id", tenant).put("timestamp", timestamp.getEpochSecond())
                .put("service", service).put("batch_id", batchId);
    }
}
