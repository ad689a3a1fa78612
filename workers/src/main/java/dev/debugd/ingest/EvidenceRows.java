package dev.debugd.ingest;

import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.signature.ErrorSignature;
import dev.debugd.signature.GroupingSettings;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's evidence as ClickHouse rows (JSONEachRow), each error with its signature, and the late-arrival row
 * that keeps a row whose bucket had closed when it came. Pure.
 */
public final class EvidenceRows {

    /** One row for a table, with what decides whether it is late. */
    public record Row(String table, Instant timestamp, String service, String json) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EvidenceRows() {}

    /**
     * The rows of a batch, table by table in the order log_lines, exceptions, requests, each signed under the tenant's
     * grouping settings in force at its own time, so signing the same evidence again gives the same rows.
     */
    public static List<Row> of(String tenant, String batchId, Evidence evidence, Function<Instant, GroupingSettings> groupingAsOf) {
        var versions = new HashMap<GroupingSettings, Integer>(); // a version is a hash over every prefix: once per settings
        Function<GroupingSettings, Integer> versionOf = settings -> versions.computeIfAbsent(settings, GroupingSettings::version);
        var rows = new ArrayList<Row>(evidence.size());
        // Written straight to text: a tree per row cost more than the rest of ingestion put together.
        for (var line : evidence.logs()) {
            rows.add(new Row("log_lines", line.timestamp(), line.service(), json(g -> {
                base(g, tenant, batchId, line.timestamp(), line.service());
                g.writeStringProperty("level", line.level());
                g.writeStringProperty("message", line.message());
                g.writeStringProperty("route", line.route());
                g.writeStringProperty("deploy_hash", line.deployHash());
                g.writeStringProperty("request_id", line.requestId());
                g.writeStringProperty("trace_id", line.traceId());
                g.writeStringProperty("stream", line.stream());
                g.writeStringProperty("error_signature", ErrorSignature.of(line));
                g.writeNumberProperty("signature_version", versionOf.apply(groupingAsOf.apply(line.timestamp())));
            })));
        }
        for (var exception : evidence.exceptions()) {
            var grouping = groupingAsOf.apply(exception.timestamp());
            rows.add(new Row("exceptions", exception.timestamp(), exception.service(), json(g -> {
                base(g, tenant, batchId, exception.timestamp(), exception.service());
                g.writeStringProperty("route", exception.route());
                g.writeStringProperty("deploy_hash", exception.deployHash());
                g.writeStringProperty("request_id", exception.requestId());
                g.writeStringProperty("trace_id", exception.traceId());
                g.writeStringProperty("exception_type", exception.type());
                g.writeStringProperty("exception_message", exception.message());
                g.writeStringProperty("error_signature", ErrorSignature.of(exception, grouping));
                g.writeNumberProperty("signature_version", versionOf.apply(grouping));
                var frames = exception.frames();
                strings(g, "frame_module", frames.stream().map(Frame::module).toList());
                strings(g, "frame_function", frames.stream().map(Frame::function).toList());
                strings(g, "frame_file", frames.stream().map(Frame::file).toList());
                g.writeArrayPropertyStart("frame_line");
                for (var frame : frames) {
                    g.writeNumber(frame.line());
                }
                g.writeEndArray();
                g.writeArrayPropertyStart("frame_in_app");
                for (var frame : frames) {
                    g.writeNumber(frame.inApp() ? 1 : 0);
                }
                g.writeEndArray();
                strings(g, "cause_types", exception.causes().stream().map(Cause::type).toList());
                strings(g, "cause_messages", exception.causes().stream().map(Cause::message).toList());
                g.writeStringProperty("environment", exception.environment());
                strings(g, "tag_keys", List.copyOf(exception.tags().keySet()));
                strings(g, "tag_values", List.copyOf(exception.tags().values()));
            })));
        }
        for (var request : evidence.requests()) {
            rows.add(new Row("requests", request.timestamp(), request.service(), json(g -> {
                base(g, tenant, batchId, request.timestamp(), request.service());
                g.writeStringProperty("route", request.route());
                g.writeNumberProperty("status", request.status());
                g.writeNumberProperty("duration_ms", request.durationMs());
                g.writeStringProperty("deploy_hash", request.deployHash());
                g.writeStringProperty("request_id", request.requestId());
                g.writeStringProperty("trace_id", request.traceId());
            })));
        }
        return rows;
    }

    private interface Fields {
        void write(JsonGenerator generator);
    }

    /** One JSON object, its fields written by {@code fields}. */
    private static String json(Fields fields) {
        var text = new StringWriter(256);
        try (var generator = JSON.createGenerator(text)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEndObject();
        }
        return text.toString();
    }

    private static void strings(JsonGenerator generator, String name, List<String> values) {
        generator.writeArrayPropertyStart(name);
        for (var value : values) {
            generator.writeString(value);
        }
        generator.writeEndArray();
    }

    /** The late_arrivals row that keeps a row which came after its bucket closed. */
    public static String late(String tenant, String batchId, Row row, Instant receivedAt) {
        return JSON.writeValueAsString(JSON.createObjectNode().put("tenant_id", tenant)
                .put("received_at", receivedAt.getEpochSecond()).put("kind", row.table())
                .put("timestamp", row.timestamp().getEpochSecond()).put("service", row.service()).put("batch_id", batchId)
                .put("row", row.json()));
    }

    private static void base(JsonGenerator generator, String tenant, String batchId, Instant timestamp, String service) {
        generator.writeStringProperty("tenant_id", tenant);
        // DateTime as seconds since the epoch: the same instant whatever the server's time zone.
        generator.writeNumberProperty("timestamp", timestamp.getEpochSecond());
        generator.writeStringProperty("service", service);
        generator.writeStringProperty("batch_id", batchId);
    }
}
