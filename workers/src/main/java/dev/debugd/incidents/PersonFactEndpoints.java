package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.AuditTrail;
import dev.debugd.access.Caller;
import dev.debugd.access.Scope;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.TimelineRecord;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's facts about an incident (design §12), with a token of the {@code act} scope:
 * {@code POST /v1/incidents/{id}/resolve}, {@code /suppress}, {@code /reopen} and {@code /retry}, each with a
 * {@code client_request_id}. Decided by {@link PersonFacts} from the incident's records in the read model, written to
 * the timeline with the token's name as who did it, and to the audit trail. Another tenant's incident is 404.
 */
@RestController
public final class PersonFactEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(PersonFactEndpoints.class);
    private static final JsonMapper JSON = JsonAnswers.JSON;
    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** Each action's body fields (besides client_request_id) with their longest lengths. */
    private static final Map<String, Map<String, Integer>> FIELDS = Map.of(
            "resolve", Map.of(),
            "suppress", Map.of("reason", 500),
            "reopen", Map.of("reason", 500),
            "retry", Map.of("task_key", 500));
    /** Each action's name in the audit trail. */
    private static final Map<String, String> AUDITED_AS = Map.of("resolve", "incident_resolved", "suppress", "incident_suppressed",
            "reopen", "incident_reopened", "retry", "task_retried");

    private final ApiTokens tokens;
    private final IncidentReads reads;
    private final AuditTrail audit;
    private final Consumer<List<Event>> timeline;
    private final Clock clock;

    public PersonFactEndpoints(ApiTokens tokens, IncidentReads reads, AuditTrail audit, Consumer<List<Event>> timeline, Clock clock) {
        this.tokens = tokens;
        this.reads = reads;
        this.audit = audit;
        this.timeline = timeline;
        this.clock = clock;
    }

    @Operation(summary = "A person's fact about an incident (scope act): resolve {client_request_id}; suppress and reopen"
            + " {reason, client_request_id}; retry {task_key, client_request_id}")
    @PostMapping(value = "/v1/incidents/{id}/{action:resolve|suppress|reopen|retry}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> act(HttpServletRequest request, @PathVariable("id") String id,
            @PathVariable("action") String action) throws IOException {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.ACT);
        if (!authorization.granted()) {
            return JsonAnswers.refused(authorization);
        }
        var caller = authorization.caller();
        var body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return error(HttpStatus.CONTENT_TOO_LARGE, "the body is over " + MAX_BODY_BYTES + " bytes", List.of());
        }
        var fields = new LinkedHashMap<String, Integer>(FIELDS.get(action));
        fields.put(RequestFields.REQUEST_ID_FIELD, 128);
        var read = RequestFields.read(body, fields);
        if (!read.valid()) {
            return error(HttpStatus.BAD_REQUEST, "nothing was recorded", read.reasons());
        }
        List<TimelineRecord> records;
        try {
            records = id.length() > 200 ? List.of() : reads.records(caller.tenant(), id);
        } catch (SQLException e) {
            LOG.warn("incidents: the read model is unavailable: {}", e.getMessage());
            return error(HttpStatus.SERVICE_UNAVAILABLE, "the read model is unavailable; retry with the same client_request_id",
                    List.of());
        }
        if (records.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no incident '" + id + "'", List.of());
        }
        var values = read.values();
        var now = clock.instant();
        var outcome = switch (action) {
            case "resolve" -> PersonFacts.resolve(records, caller, values.get(RequestFields.REQUEST_ID_FIELD), now);
            case "suppress" -> PersonFacts.suppress(records, caller, values.get(RequestFields.REQUEST_ID_FIELD), values.get("reason"),
                    now);
            case "reopen" -> PersonFacts.reopen(records, caller, values.get("reason"), now);
            default -> PersonFacts.retry(records, caller, values.get("task_key"), now);
        };
        if (outcome instanceof PersonFacts.Refused refused) {
            return error(HttpStatus.valueOf(refused.status()), refused.reason(), List.of());
        }
        var recorded = (PersonFacts.Recorded) outcome;
        var event = recorded.event();
        if (!recorded.recordedAlready()) {
            try {
                timeline.accept(List.of(event));
            } catch (IllegalStateException e) {
                LOG.warn("incidents: the timeline refused a person's {}: {}", action, e.getMessage());
                return error(HttpStatus.SERVICE_UNAVAILABLE, "the timeline is unavailable; retry with the same client_request_id",
                        List.of());
            }
            audited(caller, action, event, values);
        }
        var answer = JSON.createObjectNode().put("incident_id", event.incidentId()).put("event_id", event.eventId().toString())
                .put("event_type", event.eventType()).put("cycle", event.cycle());
        return JsonAnswers.json(HttpStatus.CREATED, answer);
    }

    private void audited(Caller caller, String action, Event event, Map<String, String> values) {
        var detail = new LinkedHashMap<>(values);
        detail.put("cycle", String.valueOf(event.cycle()));
        try {
            audit.addFact(caller.tenant(), caller.name(), AUDITED_AS.get(action), event.incidentId(), detail, event.eventId());
        } catch (SQLException e) {
            // The fact is recorded and names the person; one missing audit entry does not undo it.
            LOG.warn("incidents: the audit trail is unavailable, {} of {} by {} is not in it: {}", action, event.incidentId(),
                    caller.name(), e.getMessage());
        }
    }

    private static ResponseEntity<String> error(HttpStatus status, String message, List<String> reasons) {
        var body = JSON.createObjectNode().put("error", message);
        if (!reasons.isEmpty()) {
            reasons.forEach(body.putArray("reasons")::add);
        }
        return JsonAnswers.json(status, body);
    }
}
