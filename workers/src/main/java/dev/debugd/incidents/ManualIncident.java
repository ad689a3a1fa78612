package dev.debugd.incidents;

import dev.debugd.projection.Fact;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An incident a person opens through the API: {@code {"service", "title", "client_request_id"}}, or for a Sentry issue
 * ({@code {"client_request_id"}}: its service, signature and title). The client's request id names the incident, so a
 * retried request opens the same one. Pure.
 */
public final class ManualIncident {

    public static final String RULE = "manual";

    /** A request read: the event to write, or the reasons it was refused. */
    public record Request(Event event, List<String> reasons) {}

    private ManualIncident() {}

    /** @param now when the request came: the incident's start and the event's time */
    public static Request read(String tenant, byte[] body, String person, Instant now) {
        var fields = new LinkedHashMap<String, Integer>();
        fields.put("service", 200);
        fields.put("title", 500);
        fields.put(RequestFields.REQUEST_ID_FIELD, 128);
        var read = RequestFields.read(body, fields);
        if (!read.valid()) {
            return new Request(null, read.reasons());
        }
        var requestId = read.values().get(RequestFields.REQUEST_ID_FIELD);
        var incidentId = incidentId(tenant, requestId);
        var payload = new Payload.IncidentDetected(read.values().get("service"), "", 0, RULE, now, Map.of(), Fact.OPENED_THROUGH_API + person,
                read.values().get("title"));
        return new Request(Event.create(now, tenant, incidentId, 1, payload, new Event.Agent("api", "1"),
                IdempotencyKey.clientRequest(tenant, requestId), null), List.of());
    }

    /**
     * An incident for a Sentry issue whose events were stored: the issue's service and signature (so the context reads
     * its evidence) and its short id and title.
     */
    public static Request ofSentryIssue(String tenant, String service, String signature, String shortId, String title, byte[] body,
            String person, Instant now) {
        var fields = new LinkedHashMap<String, Integer>();
        fields.put(RequestFields.REQUEST_ID_FIELD, 128);
        var read = RequestFields.read(body, fields);
        if (!read.valid()) {
            return new Request(null, read.reasons());
        }
        var requestId = read.values().get(RequestFields.REQUEST_ID_FIELD);
        var named = shortId.isEmpty() ? title : "Sentry " + shortId + ": " + title;
        var payload = new Payload.IncidentDetected(service, signature, 0, RULE, now, Map.of(), Fact.OPENED_THROUGH_API + person,
                named.length() > 500 ? named.substring(0, 500) : named);
        return new Request(Event.create(now, tenant, incidentId(tenant, requestId), 1, payload, new Event.Agent("api", "1"),
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
}
