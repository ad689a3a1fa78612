package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Caller;
import dev.debugd.access.AuditTrail;
import dev.debugd.access.Scope;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.integrations.sentry.SentryIssues;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/incidents}: a person opens an incident by hand, with a token of the {@code act} scope. It is
 * recorded as IncidentDetected on the timeline, with the token's name as who opened it, named by the client's request
 * id: a retried request opens the same incident, with the same event. Each is written to the audit trail.
 */
@RestController
public final class IncidentEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentEndpoints.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ApiTokens tokens;
    private final AuditTrail audit;
    private final SentryIssues sentryIssues;
    private final Consumer<List<Event>> timeline;
    private final Clock clock;

    public IncidentEndpoints(ApiTokens tokens, AuditTrail audit, SentryIssues sentryIssues, Consumer<List<Event>> timeline, Clock clock) {
        this.tokens = tokens;
        this.sentryIssues = sentryIssues;
        this.audit = audit;
        this.timeline = timeline;
        this.clock = clock;
    }

    @Operation(summary = "Opens an incident by hand (scope act): {service, title, client_request_id}")
    @PostMapping("/v1/incidents")
    public ResponseEntity<Map<String, Object>> open(HttpServletRequest request) throws IOException {
        var asked = asked(request);
        if (asked.refusal() != null) {
            return asked.refusal();
        }
        var caller = asked.caller();
        var body = asked.body();
        return opened(caller, ManualIncident.read(caller.tenant(), body, caller.name(), clock.instant()));
    }

    @Operation(summary = "Opens an incident for a Sentry issue whose events were stored, with its service and signature (scope"
            + " act): {client_request_id}")
    @PostMapping("/v1/sentry/issues/{issue}/incident")
    public ResponseEntity<Map<String, Object>> openForSentryIssue(@PathVariable("issue") String issueId, HttpServletRequest request)
            throws IOException {
        var asked = asked(request);
        if (asked.refusal() != null) {
            return asked.refusal();
        }
        var caller = asked.caller();
        var body = asked.body();
        Optional<SentryIssues.Issue> issue;
        try {
            issue = issueId.length() > 100 ? Optional.empty() : sentryIssues.find(caller.tenant(), issueId);
        } catch (SQLException e) {
            LOG.warn("incidents: the Sentry issues are unavailable: {}", e.getMessage());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "error", "the Sentry issues are unavailable; retry");
        }
        if (issue.isEmpty()) {
            return answer(HttpStatus.NOT_FOUND, "error", "no Sentry issue '" + issueId + "'");
        }
        if (issue.get().signature() == null) {
            return answer(HttpStatus.CONFLICT, "error", "no event of Sentry issue '" + issueId + "' was stored yet, so it has no"
                    + " evidence to investigate");
        }
        var found = issue.get();
        return opened(caller, ManualIncident.ofSentryIssue(caller.tenant(), found.service(), found.signature(), found.shortId(),
                found.title(), body, caller.name(), clock.instant()));
    }

    /** An act token's request and its body, or why it is refused. */
    private record Asked(Caller caller, byte[] body, ResponseEntity<Map<String, Object>> refusal) {}

    private Asked asked(HttpServletRequest request) throws IOException {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.ACT);
        if (!authorization.granted()) {
            return new Asked(null, null, answer(HttpStatus.valueOf(authorization.status()), "error", authorization.refusal()));
        }
        var body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return new Asked(null, null, answer(HttpStatus.CONTENT_TOO_LARGE, "error", "the body is over " + MAX_BODY_BYTES + " bytes"));
        }
        return new Asked(authorization.caller(), body, null);
    }

    /** Writes the person's IncidentDetected, and audits it. */
    private ResponseEntity<Map<String, Object>> opened(Caller caller, ManualIncident.Request read) {
        if (read.event() == null) {
            var refused = answer(HttpStatus.BAD_REQUEST, "error", "the incident was not opened");
            refused.getBody().put("reasons", read.reasons());
            return refused;
        }
        try {
            timeline.accept(List.of(read.event()));
        } catch (IllegalStateException e) {
            LOG.warn("incidents: the timeline refused a manual incident: {}", e.getMessage());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "error", "the timeline is unavailable; retry with the same client_request_id");
        }
        try {
            var detected = (Payload.IncidentDetected) read.event().payload();
            audit.addFact(caller.tenant(), caller.name(), "incident_opened", read.event().incidentId(),
                    Map.of("service", detected.service(), "title", detected.title()), read.event().eventId());
        } catch (SQLException e) {
            // The fact is recorded (and names the person); the audit trail missing one entry does not undo it.
            LOG.warn("incidents: the audit trail is unavailable, {} opened by {} is not in it: {}", read.event().incidentId(),
                    caller.name(), e.getMessage());
        }
        var opened = answer(HttpStatus.CREATED, "incident_id", read.event().incidentId());
        opened.getBody().put("event_id", read.event().eventId().toString());
        return opened;
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String key, Object value) {
        var body = new LinkedHashMap<String, Object>();
        body.put(key, value);
        return ResponseEntity.status(status).body(body);
    }
}
