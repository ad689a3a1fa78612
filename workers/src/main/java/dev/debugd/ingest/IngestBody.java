package dev.debugd.ingest;

import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.signature.StackTraceText;
import dev.debugd.timeline.InstantText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON bodies of the ingest endpoint, checked record by record before anything is stored: a body is either
 * valid as a whole or refused with one reason per bad record ({@code logs[3].timestamp: …}). Fields a record does
 * not know are ignored (log shippers add their own); the fields it knows must have the right type. Pure.
 *
 * <pre>
 * {"batch_id": "deploy-42-part-1",                         optional: a retried batch is acknowledged, not stored again
 *  "logs":       [{"timestamp": "2026-05-01T10:00:01Z", "service": "checkout", "level": "ERROR", "message": "…",
 *                  "route": "/pay", "deploy_hash": "9f3c", "request_id": "…", "trace_id": "…", "stream": "stderr"}],
 *  "exceptions": [{"timestamp": …, "service": …, "type": "java.lang.IllegalStateException", "message": "…",
 *                  "frames": [{"module": "shop.Cart", "function": "total", "file": "Cart.java", "line": 42, "in_app": true}],
 *                  "causes": [{"type": "…", "message": "…", "frames": […]}],   outermost first, root last
 *                  "stacktrace": "…"}],                                    Java text, read when frames are absent
 *  "requests":   [{"timestamp": …, "service": …, "route": "/pay", "status": 503, "duration_ms": 912.5}]}
 * </pre>
 * A timestamp is an ISO-8601 instant or a number of seconds since the epoch.
 */
public final class IngestBody {

    public static final int MAX_RECORDS = 50_000;
    static final int MAX_TEXT_CHARS = 256 * 1024;
    static final int MAX_NAME_CHARS = 200;
    private static final int MAX_REASONS = 100;
    private static final Set<String> BATCH_FIELDS = Set.of("batch_id", "logs", "exceptions", "requests");
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");
    /** DateTime in ClickHouse is seconds since the epoch in 32 unsigned bits. */
    private static final long LAST_SECOND = 4_294_967_295L;

    private final JsonMapper json = JsonMapper.builder().build();

    /** A checked body. */
    public sealed interface Parsed {}

    /** @param batchId the batch id the client gave, if any */
    public record Valid(Optional<String> batchId, Evidence evidence) implements Parsed {}

    /** @param reasons one per bad record or field, at most 100 and a count of the rest */
    public record Invalid(List<String> reasons) implements Parsed {}

    /** A batch object with logs, exceptions and requests. */
    public Parsed batch(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return new Invalid(List.of("the body is not JSON: " + firstLine(e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            return new Invalid(List.of("the body must be a JSON object with logs, exceptions and/or requests"));
        }
        var reasons = new Reasons();
        for (var name : root.propertyNames()) {
            if (!BATCH_FIELDS.contains(name)) {
                reasons.add(name + ": unknown field (expected batch_id, logs, exceptions, requests)");
            }
        }
        Optional<String> batchId = Optional.empty();
        var id = root.get("batch_id");
        if (id != null && !id.isNull()) {
            if (!id.isString() || !BATCH_ID.matcher(id.asString()).matches()) {
                reasons.add("batch_id: must be 1-200 characters of letters, digits and . _ : / -");
            } else {
                batchId = Optional.of(id.asString());
            }
        }
        var logs = new ArrayList<LogLine>();
        var exceptions = new ArrayList<ExceptionEvent>();
        var requests = new ArrayList<RequestRecord>();
        records(root, "logs", reasons, (node, at) -> logs.add(logLine(node, at)));
        records(root, "exceptions", reasons, (node, at) -> exceptions.add(exception(node, at)));
        records(root, "requests", reasons, (node, at) -> requests.add(request(node, at)));
        var evidence = new Evidence(logs, exceptions, requests);
        if (reasons.isEmpty() && evidence.size() == 0) {
            reasons.add("the batch has no records (logs, exceptions, requests)");
        }
        if (evidence.size() > MAX_RECORDS) {
            reasons.add("the batch has " + evidence.size() + " records, over the limit of " + MAX_RECORDS + "; split it");
        }
        return reasons.isEmpty() ? new Valid(batchId, evidence) : reasons.invalid();
    }

    /** The body of a batch, as {@link #batch} reads it: what a client (the traffic generator) sends. */
    public byte[] encode(String batchId, Evidence evidence) {
        var root = json.createObjectNode().put("batch_id", batchId);
        var logs = root.putArray("logs");
        for (var line : evidence.logs()) {
            logs.addObject().put("timestamp", line.timestamp().toString()).put("service", line.service()).put("level", line.level())
                    .put("message", line.message()).put("route", line.route()).put("deploy_hash", line.deployHash())
                    .put("request_id", line.requestId()).put("trace_id", line.traceId()).put("stream", line.stream());
        }
        var exceptions = root.putArray("exceptions");
        for (var exception : evidence.exceptions()) {
            var node = exceptions.addObject().put("timestamp", exception.timestamp().toString()).put("service", exception.service())
                    .put("route", exception.route()).put("deploy_hash", exception.deployHash()).put("request_id", exception.requestId())
                    .put("trace_id", exception.traceId()).put("type", exception.type()).put("message", exception.message());
            writeFrames(node.putArray("frames"), exception.frames());
            var causes = node.putArray("causes");
            for (var cause : exception.causes()) {
                writeFrames(causes.addObject().put("type", cause.type()).put("message", cause.message()).putArray("frames"),
                        cause.frames());
            }
        }
        var requests = root.putArray("requests");
        for (var request : evidence.requests()) {
            requests.addObject().put("timestamp", request.timestamp().toString()).put("service", request.service())
                    .put("route", request.route()).put("status", request.status()).put("duration_ms", request.durationMs())
                    .put("deploy_hash", request.deployHash()).put("request_id", request.requestId()).put("trace_id", request.traceId());
        }
        return json.writeValueAsBytes(root);
    }

    private static void writeFrames(ArrayNode array, List<Frame> frames) {
        for (var frame : frames) {
            array.addObject().put("module", frame.module()).put("function", frame.function()).put("file", frame.file())
                    .put("line", frame.line()).put("in_app", frame.inApp());
        }
    }

    /** Log records as a JSON array or as newline-delimited JSON (what Vector and Fluent Bit send). */
    public Parsed logLines(byte[] body) {
        var text = new String(body, StandardCharsets.UTF_8).strip();
        var nodes = new ArrayList<JsonNode>();
        try {
            if (text.startsWith("[")) {
                json.readTree(text).forEach(nodes::add);
            } else {
                for (var line : text.split("\n")) {
                    if (!line.isBlank()) {
                        nodes.add(json.readTree(line));
                    }
                }
            }
        } catch (JacksonException e) {
            return new Invalid(List.of("the body is neither a JSON array nor JSON lines: " + firstLine(e.getOriginalMessage())));
        }
        if (nodes.isEmpty()) {
            return new Invalid(List.of("the body has no log records"));
        }
        if (nodes.size() > MAX_RECORDS) {
            return new Invalid(List.of("the body has " + nodes.size() + " records, over the limit of " + MAX_RECORDS + "; split it"));
        }
        var reasons = new Reasons();
        var logs = new ArrayList<LogLine>();
        for (int i = 0; i < nodes.size(); i++) {
            var at = "[" + i + "]";
            try {
                logs.add(logLine(object(nodes.get(i), at), at));
            } catch (BadField bad) {
                reasons.add(bad.getMessage());
            }
        }
        return reasons.isEmpty() ? new Valid(Optional.empty(), new Evidence(logs, List.of(), List.of())) : reasons.invalid();
    }

    /**
     * One exception record on its own (`bin/debugd signature`): the fields of an `exceptions` entry, where time and
     * service may be left out. A record that is not one is refused with the reason.
     */
    public ExceptionEvent exception(String json) {
        JsonNode node;
        try {
            node = json.isEmpty() ? null : this.json.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        var record = (ObjectNode) node.deepCopy();
        if (!record.has("timestamp")) {
            record.put("timestamp", 0);
        }
        if (!record.has("service")) {
            record.put("service", "-");
        }
        try {
            return exception(record, "record");
        } catch (BadField bad) {
            throw new IllegalArgumentException(bad.getMessage());
        }
    }

    private interface RecordReader {
        void read(JsonNode node, String at);
    }

    private static void records(JsonNode root, String field, Reasons reasons, RecordReader reader) {
        var array = root.get(field);
        if (array == null || array.isNull()) {
            return;
        }
        if (!array.isArray()) {
            reasons.add(field + ": must be an array of records");
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            var at = field + "[" + i + "]";
            try {
                reader.read(object(array.get(i), at), at);
            } catch (BadField bad) {
                reasons.add(bad.getMessage());
            }
        }
    }

    private static JsonNode object(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new BadField(at + ": must be a JSON object");
        }
        return node;
    }

    private static LogLine logLine(JsonNode node, String at) {
        return new LogLine(timestamp(node, at), name(node, "service", at), optional(node, "level", at),
                text(node, "message", at, true), optional(node, "route", at), optional(node, "deploy_hash", at),
                optional(node, "request_id", at), optional(node, "trace_id", at), optional(node, "stream", at));
    }

    private static ExceptionEvent exception(JsonNode node, String at) {
        var type = optional(node, "type", at);
        var message = node.has("message") ? text(node, "message", at, false) : "";
        var frames = new ArrayList<Frame>();
        var causes = new ArrayList<Cause>();
        var trace = node.get("stacktrace");
        if (node.has("frames") && !node.get("frames").isNull()) {
            frames.addAll(frames(node.get("frames"), at + ".frames"));
        }
        if (node.has("causes") && !node.get("causes").isNull()) {
            causes.addAll(causes(node.get("causes"), at + ".causes"));
        }
        if (trace != null && !trace.isNull()) {
            var parsed = StackTraceText.parse(text(node, "stacktrace", at, false));
            if (type.isEmpty()) {
                type = parsed.type();
                message = message.isEmpty() ? parsed.message() : message;
            }
            if (frames.isEmpty()) {
                frames.addAll(parsed.frames());
            }
            if (causes.isEmpty()) {
                causes.addAll(parsed.causes());
            }
        }
        if (type.isBlank()) {
            throw new BadField(at + ".type: is missing (give type, or a stacktrace that starts with it)");
        }
        return new ExceptionEvent(timestamp(node, at), name(node, "service", at), optional(node, "route", at),
                optional(node, "deploy_hash", at), optional(node, "request_id", at), optional(node, "trace_id", at),
                type, message, frames, causes);
    }

    private static List<Frame> frames(JsonNode array, String at) {
        if (!array.isArray()) {
            throw new BadField(at + ": must be an array of frames");
        }
        var frames = new ArrayList<Frame>();
        for (int i = 0; i < array.size(); i++) {
            var frameAt = at + "[" + i + "]";
            var node = object(array.get(i), frameAt);
            var module = optional(node, "module", frameAt);
            var function = optional(node, "function", frameAt);
            if (module.isEmpty() && function.isEmpty()) {
                throw new BadField(frameAt + ": needs a module or a function");
            }
            int line = 0;
            var lineNode = node.get("line");
            if (lineNode != null && !lineNode.isNull()) {
                if (!lineNode.isIntegralNumber() || lineNode.asLong() < 0 || lineNode.asLong() > Integer.MAX_VALUE) {
                    throw new BadField(frameAt + ".line: must be a whole number ≥ 0");
                }
                line = lineNode.asInt();
            }
            var inAppNode = node.get("in_app");
            boolean inApp;
            if (inAppNode == null || inAppNode.isNull()) {
                inApp = StackTraceText.isInApp(module);
            } else if (inAppNode.isBoolean()) {
                inApp = inAppNode.asBoolean();
            } else {
                throw new BadField(frameAt + ".in_app: must be true or false");
            }
            frames.add(new Frame(module, function, optional(node, "file", frameAt), line, inApp));
        }
        return frames;
    }

    private static List<Cause> causes(JsonNode array, String at) {
        if (!array.isArray()) {
            throw new BadField(at + ": must be an array of {type, message}");
        }
        var causes = new ArrayList<Cause>();
        for (int i = 0; i < array.size(); i++) {
            var causeAt = at + "[" + i + "]";
            var node = object(array.get(i), causeAt);
            var type = optional(node, "type", causeAt);
            if (type.isBlank()) {
                throw new BadField(causeAt + ".type: is missing");
            }
            var frames = node.has("frames") && !node.get("frames").isNull() ? frames(node.get("frames"), causeAt + ".frames")
                    : List.<Frame>of();
            causes.add(new Cause(type, optional(node, "message", causeAt), frames));
        }
        return causes;
    }

    private static RequestRecord request(JsonNode node, String at) {
        var status = node.get("status");
        if (status == null || status.isNull()) {
            throw new BadField(at + ".status: is missing");
        }
        if (!status.isIntegralNumber() || status.asLong() < 100 || status.asLong() > 599) {
            throw new BadField(at + ".status: must be an HTTP status, a whole number from 100 to 599");
        }
        double duration = 0;
        var durationNode = node.get("duration_ms");
        if (durationNode != null && !durationNode.isNull()) {
            if (!durationNode.isNumber() || !(durationNode.asDouble() >= 0) || Double.isInfinite(durationNode.asDouble())) {
                throw new BadField(at + ".duration_ms: must be a number of milliseconds ≥ 0");
            }
            duration = durationNode.asDouble();
        }
        return new RequestRecord(timestamp(node, at), name(node, "service", at), optional(node, "route", at), status.asInt(),
                duration, optional(node, "deploy_hash", at), optional(node, "request_id", at), optional(node, "trace_id", at));
    }

    static Instant timestamp(JsonNode node, String at) {
        var value = node.get("timestamp");
        var field = at + ".timestamp";
        if (value == null || value.isNull()) {
            throw new BadField(field + ": is missing");
        }
        Instant time;
        if (value.isNumber()) {
            double seconds = value.asDouble();
            if (seconds > 1e11) {
                throw new BadField(field + ": " + value + " looks like milliseconds; send seconds since the epoch or ISO-8601");
            }
            if (!(seconds >= 0)) {
                throw new BadField(field + ": must not be before 1970");
            }
            time = Instant.ofEpochSecond((long) seconds);
        } else if (value.isString()) {
            try {
                time = InstantText.parse(value.asString()); // ISO-8601 with Z or an offset; the usual spelling read fast
            } catch (DateTimeParseException e) {
                throw new BadField(field + ": '" + shorten(value.asString()) + "' is not an ISO-8601 instant with an offset"
                        + " (2026-05-01T10:00:01Z)");
            }
        } else {
            throw new BadField(field + ": must be an ISO-8601 string or seconds since the epoch");
        }
        if (time.getEpochSecond() < 0 || time.getEpochSecond() > LAST_SECOND) {
            throw new BadField(field + ": " + time + " is outside the range evidence stores (1970 to 2106)");
        }
        return time;
    }

    private static String name(JsonNode node, String field, String at) {
        var value = text(node, field, at, true);
        if (value.isBlank()) {
            throw new BadField(at + "." + field + ": is empty");
        }
        if (value.length() > MAX_NAME_CHARS) {
            throw new BadField(at + "." + field + ": is " + value.length() + " characters, over the limit of " + MAX_NAME_CHARS);
        }
        return value;
    }

    private static String optional(JsonNode node, String field, String at) {
        var value = node.get(field);
        return value == null || value.isNull() ? "" : text(node, field, at, false);
    }

    private static String text(JsonNode node, String field, String at, boolean required) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadField(at + "." + field + ": is missing");
            }
            return "";
        }
        if (!value.isString()) {
            throw new BadField(at + "." + field + ": must be a string");
        }
        var text = value.asString();
        if (text.length() > MAX_TEXT_CHARS) {
            throw new BadField(at + "." + field + ": is " + text.length() + " characters, over the limit of " + MAX_TEXT_CHARS);
        }
        return text;
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A bad field, said in words naming the record. */
    private static final class BadField extends RuntimeException {
        BadField(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The reasons of a refused body: the first hundred, then a count. */
    private static final class Reasons {
        private final List<String> reasons = new ArrayList<>();
        private int more;

        void add(String reason) {
            if (reasons.size() < MAX_REASONS) {
                reasons.add(reason);
            } else {
                more++;
            }
        }

        boolean isEmpty() {
            return reasons.isEmpty();
        }

        Invalid invalid() {
            var all = new ArrayList<>(reasons);
            if (more > 0) {
                all.add("… and " + more + " more");
            }
            return new Invalid(all);
        }
    }
}
