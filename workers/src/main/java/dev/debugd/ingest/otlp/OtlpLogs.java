package dev.debugd.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import dev.debugd.signature.StackTraceText;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP log records as evidence. A record with {@code exception.type} or {@code exception.stacktrace} attributes (the
 * OpenTelemetry exception conventions) becomes an exception; every other record a log line. The service is the
 * resource's {@code service.name}; the deploy is {@code vcs.ref.head.revision}, else {@code service.version}; the
 * route {@code http.route}; the stream {@code log.iostream}. A record without a time takes its observed time, else
 * the moment the export was received. Pure.
 */
public final class OtlpLogs {

    /** Strings longer than this are refused, as in the JSON ingest body. */
    static final int MAX_TEXT_CHARS = 256 * 1024;
    static final int MAX_SERVICE_CHARS = 200;
    private static final long LAST_SECOND = 4_294_967_295L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OtlpLogs() {}

    /** A body that is not a valid OTLP logs export, said in words. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    public static ExportLogsServiceRequest fromProtobuf(byte[] body) throws Malformed {
        try {
            return ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("the body is not an OTLP ExportLogsServiceRequest in protobuf: " + e.getMessage());
        }
    }

    /**
     * OTLP/JSON: protobuf's JSON mapping, except that trace and span ids are hex rather than base64 (the OTLP
     * specification's one difference), so they are turned into base64 before protobuf's parser reads the rest.
     */
    public static ExportLogsServiceRequest fromJson(byte[] body) throws Malformed {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Malformed("the body is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("the body must be a JSON object (an OTLP ExportLogsServiceRequest)");
        }
        for (var resource : children(root, "resourceLogs", "resource_logs")) {
            for (var scope : children(resource, "scopeLogs", "scope_logs")) {
                for (var record : children(scope, "logRecords", "log_records")) {
                    if (record instanceof ObjectNode object) {
                        hexToBase64(object, "traceId", "trace_id");
                        hexToBase64(object, "spanId", "span_id");
                    }
                }
            }
        }
        var builder = ExportLogsServiceRequest.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(JSON.writeValueAsString(root), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new Malformed("the body is not an OTLP ExportLogsServiceRequest in JSON: " + e.getMessage());
        }
        return builder.build();
    }

    private static List<JsonNode> children(JsonNode node, String name, String snakeName) {
        var array = node.has(name) ? node.get(name) : node.get(snakeName);
        var children = new ArrayList<JsonNode>();
        if (array != null && array.isArray()) {
            array.forEach(children::add);
        }
        return children;
    }

    private static void hexToBase64(ObjectNode record, String name, String snakeName) throws Malformed {
        var field = record.has(name) ? name : snakeName;
        var value = record.get(field);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            return;
        }
        try {
            record.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(value.asString())));
        } catch (IllegalArgumentException e) {
            throw new Malformed(name + " '" + value.asString() + "' is not hex");
        }
    }

    /** The export's records as evidence, or every bad record said in words. */
    public static Evidence evidence(ExportLogsServiceRequest request, Instant receivedAt) throws Malformed {
        var logs = new ArrayList<LogLine>();
        var exceptions = new ArrayList<ExceptionEvent>();
        var reasons = new ArrayList<String>();
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            var resourceLogs = request.getResourceLogs(r);
            var resource = attributes(resourceLogs.getResource().getAttributesList());
            var service = resource.getOrDefault("service.name", "unknown_service");
            var deploy = resource.getOrDefault("vcs.ref.head.revision", resource.getOrDefault("service.version", ""));
            if (service.isBlank() || service.length() > MAX_SERVICE_CHARS) {
                reasons.add("resourceLogs[" + r + "]: service.name must be 1-" + MAX_SERVICE_CHARS + " characters");
                continue;
            }
            for (int s = 0; s < resourceLogs.getScopeLogsCount(); s++) {
                var records = resourceLogs.getScopeLogs(s).getLogRecordsList();
                for (int i = 0; i < records.size(); i++) {
                    var at = "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + i + "]";
                    var record = records.get(i);
                    var attributes = attributes(record.getAttributesList());
                    var time = time(record, receivedAt);
                    if (time.getEpochSecond() < 0 || time.getEpochSecond() > LAST_SECOND) {
                        reasons.add(at + ": time " + time + " is outside the range evidence stores (1970 to 2106)");
                        continue;
                    }
                    var message = text(record.getBody());
                    var tooLong = attributes.entrySet().stream().filter(e -> e.getValue().length() > MAX_TEXT_CHARS)
                            .map(Map.Entry::getKey).collect(Collectors.joining(", "));
                    if (message.length() > MAX_TEXT_CHARS || !tooLong.isEmpty()) {
                        reasons.add(at + ": " + (tooLong.isEmpty() ? "body" : tooLong) + " over the limit of "
                                + MAX_TEXT_CHARS + " characters");
                        continue;
                    }
                    var traceId = HexFormat.of().formatHex(record.getTraceId().toByteArray());
                    var route = attributes.getOrDefault("http.route", "");
                    var requestId = attributes.getOrDefault("request.id", "");
                    if (attributes.containsKey("exception.type") || attributes.containsKey("exception.stacktrace")) {
                        var parsed = StackTraceText.parse(attributes.getOrDefault("exception.stacktrace", ""));
                        var type = attributes.getOrDefault("exception.type", parsed.type());
                        if (type.isBlank()) {
                            reasons.add(at + ": exception.type is missing and exception.stacktrace does not start with it");
                            continue;
                        }
                        var exceptionMessage = attributes.getOrDefault("exception.message",
                                parsed.type().isEmpty() ? message : parsed.message());
                        exceptions.add(new ExceptionEvent(time, service, route, deploy, requestId, traceId, type,
                                exceptionMessage, parsed.frames(), parsed.causes()));
                    } else {
                        logs.add(new LogLine(time, service, level(record), message, route, deploy, requestId, traceId,
                                attributes.getOrDefault("log.iostream", "")));
                    }
                }
            }
        }
        if (!reasons.isEmpty()) {
            throw new Malformed(String.join("; ", reasons.subList(0, Math.min(reasons.size(), 20)))
                    + (reasons.size() > 20 ? "; … and " + (reasons.size() - 20) + " more" : ""));
        }
        return new Evidence(logs, exceptions, List.of());
    }

    private static Instant time(LogRecord record, Instant receivedAt) {
        long nanos = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
        if (nanos == 0) {
            return receivedAt;
        }
        // fixed64 nanoseconds: unsigned, so a huge value reads as negative here and is refused by the range check
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The severity text, else the name of the severity number's range (OTLP's SeverityNumber). */
    static String level(LogRecord record) {
        if (!record.getSeverityText().isBlank()) {
            return record.getSeverityText();
        }
        int number = record.getSeverityNumberValue();
        if (number <= 0) {
            return "";
        }
        String[] names = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
        return names[Math.min((number - 1) / 4, names.length - 1)];
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        var map = new HashMap<String, String>();
        for (var attribute : attributes) {
            map.put(attribute.getKey(), text(attribute.getValue()));
        }
        return map;
    }

    /** An attribute or body value as text: strings as they are, other values as OTLP's JSON would show them. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpLogs::text)
                    .collect(Collectors.joining(", ", "[", "]"));
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream().map(kv -> kv.getKey() + "=" + text(kv.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            // An index into a profile's string table: logs have none.
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
        };
    }
}
