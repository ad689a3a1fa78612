package dev.debugd.incidents;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An incident a person opens through the API: {@code {"service", "title", "client_request_id"}}. The client's
 * request id names the incident, so a retried request opens the same one. Pure.
 */
public final class ManualIncident {

    public static final String RULE = "manual";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> FIELDS = Set.of("service", "title", "client_request_id");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request read: the event to write, or the reasons it was refused. */
    public record Request(Event event, List<String> reasons) {}

    private ManualIncident() {}

    /** @param now when the request came: the incident's start and the event's time */
    public static Request read(String tenant, byte[] body, String person, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return refused("the body is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            return refused("the body must be a JSON object {\"service\", \"title\", \"client_request_id\"}");
        }
        var reasons = new ArrayList<String>();
        for (var name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                reasons.add(name + ": unknown field (expected service, title, client_request_id)");
            }
        }
        var service = text(root, "service", 200, reasons);
        var title = text(root, "title", 500, reasons);
        var requestId = text(root, "client_request_id", 128, reasons);
        if (requestId != null && !REQUEST_ID.matcher(requestId).matches()) {
            reasons.add("client_request_id: must be 1-128 letters, digits and . _ : -");
        }
        if (!reasons.isEmpty()) {
            return new Request(null, reasons);
        }
        var incidentId = incidentId(tenant, requestId);
        var payload = new Payload.IncidentDetected(service, "", 0, RULE, now, Map.of(), "api:" + person, title);
        return new Request(Event.create(now, tenant, incidentId, 1, payload, new Event.Agent("api", "1"),
                IdempotencyKey.clientRequest(tenant, requestId), null), List.of());
    }

    /** The incident a client request id names. */
    public static String incidentId(String tenant, String requestId) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest((tenant + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
            return "man-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String text(JsonNode root, String field, int max, List<String> reasons) {
        var value = root.get(field);
        if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
            reasons.add(field + ": is missing");
            return null;
        }
        if (!value.isString()) {
            reasons.add(field + ": must be a string");
            return null;
        }
        if (value.asString().length() > max) {
            reasons.add(field + ": is over " + max + " characters");
            return null;
        }
        return value.asString();
    }

    private static Request refused(String reason) {
        return new Request(null, List.of(reason));
    }
}
