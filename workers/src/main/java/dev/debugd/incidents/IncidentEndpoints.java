package dev.debugd.incidents;

import dev.debugd.ingest.IngestTokens;
import dev.debugd.timeline.Event;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/incidents}: a person opens an incident by hand. It is recorded as IncidentDetected on the
 * timeline, named by the client's request id: a retried request opens the same incident, with the same event.
 */
@RestController
public final class IncidentEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentEndpoints.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final IngestTokens tokens;
    private final Consumer<List<Event>> timeline;
    private final Clock clock;

    public IncidentEndpoints(IngestTokens tokens, Consumer<List<Event>> timeline, Clock clock) {
        this.tokens = tokens;
        this.timeline = timeline;
        this.clock = clock;
    }

    @PostMapping("/v1/incidents")
    public ResponseEntity<Map<String, Object>> open(HttpServletRequest request) throws IOException {
        String tenant;
        try {
            tenant = tokens.tenantOfHeader(request.getHeader(HttpHeaders.AUTHORIZATION)).orElse(null);
        } catch (SQLException e) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "error", "the token store is unavailable; retry");
        }
        if (tenant == null) {
            return answer(HttpStatus.UNAUTHORIZED, "error", "a tenant's token is required: Authorization: Bearer dbg_…");
        }
        var body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return answer(HttpStatus.CONTENT_TOO_LARGE, "error", "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        var read = ManualIncident.read(tenant, body, "token", clock.instant());
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
