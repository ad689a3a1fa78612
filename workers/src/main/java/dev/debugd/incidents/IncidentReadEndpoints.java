package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The incident reads, over the read model and for a token's own tenant (scope {@code read}, or {@code act}):
 * {@code GET /v1/incidents} (filtered, newest detection first, a cursor to the next page) and
 * {@code GET /v1/incidents/{id}} (the incident with its timeline by cycle). Another tenant's incident is 404, as an
 * unknown one is; a malformed parameter is 400 naming it.
 */
@RestController
public final class IncidentReadEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentReadEndpoints.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApiTokens tokens;
    private final IncidentReads reads;

    public IncidentReadEndpoints(ApiTokens tokens, IncidentReads reads) {
        this.tokens = tokens;
        this.reads = reads;
    }

    @Operation(summary = "The tenant's incidents, newest detection first, a page at a time (scope read)", parameters = {
        @Parameter(name = "status", in = ParameterIn.QUERY, description = "Comma-separated: detected, context_built, root_cause_proposed,"
                + " fix_proposed, fix_applied, needs_human, resolved, suppressed, reopened, pending"),
        @Parameter(name = "service", in = ParameterIn.QUERY, description = "The service the incident was detected in"),
        @Parameter(name = "rule", in = ParameterIn.QUERY, description = "The detection rule: novelty, error_rate, frequency_spike, manual"),
        @Parameter(name = "category", in = ParameterIn.QUERY, description = "The top hypothesis's category, e.g. code_defect"),
        @Parameter(name = "since", in = ParameterIn.QUERY, description = "Detected at or after this ISO-8601 instant"),
        @Parameter(name = "until", in = ParameterIn.QUERY, description = "Detected before this ISO-8601 instant"),
        @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Incidents per page, 1-200 (default 50)"),
        @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The next_cursor of the page before")})
    @GetMapping(value = "/v1/incidents", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> list(HttpServletRequest request) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return error(HttpStatus.valueOf(authorization.status()), authorization.refusal());
        }
        var parsed = IncidentQuery.parse(request.getParameterMap());
        if (parsed.query() == null) {
            var body = JSON.createObjectNode().put("error", "the query's parameters are not valid");
            parsed.problems().forEach(body.putArray("reasons")::add);
            return json(HttpStatus.BAD_REQUEST, body);
        }
        IncidentReads.Page page;
        try {
            page = reads.page(authorization.caller().tenant(), parsed.query());
        } catch (SQLException e) {
            return unavailable(e);
        }
        var body = JSON.createObjectNode();
        var incidents = body.putArray("incidents");
        page.incidents().forEach(summary -> incidents.add(summary(summary)));
        body.put("next_cursor", page.next().map(IncidentQuery.Cursor::encode).orElse(null));
        return json(HttpStatus.OK, body);
    }

    @Operation(summary = "An incident: its summary, its view and its timeline's events by cycle (scope read)")
    @GetMapping(value = "/v1/incidents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> incident(HttpServletRequest request, @PathVariable("id") String id) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return error(HttpStatus.valueOf(authorization.status()), authorization.refusal());
        }
        if (id.length() > 200) {
            return error(HttpStatus.BAD_REQUEST, "id: must be at most 200 characters");
        }
        Optional<IncidentReads.Detail> detail;
        try {
            detail = reads.detail(authorization.caller().tenant(), id);
        } catch (SQLException e) {
            return unavailable(e);
        }
        if (detail.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no incident '" + id + "'");
        }
        var body = JSON.createObjectNode();
        body.set("incident", summary(detail.get().summary()));
        body.set("view", JSON.readTree(detail.get().view()));
        var cycles = new LinkedHashMap<Integer, ArrayNode>();
        for (var text : detail.get().events()) {
            var event = JSON.readTree(text);
            cycles.computeIfAbsent(event.path("cycle").asInt(), cycle -> JSON.createArrayNode()).add(event);
        }
        var byCycle = body.putArray("cycles");
        cycles.forEach((cycle, events) -> {
            var node = byCycle.addObject().put("cycle", cycle);
            node.set("events", events);
        });
        return json(HttpStatus.OK, body);
    }

    private static ObjectNode summary(IncidentReads.Summary summary) {
        var node = JSON.createObjectNode()
                .put("incident_id", summary.incidentId())
                .put("status", summary.status().toLowerCase(Locale.ROOT))
                .put("cycle", summary.cycle())
                .put("service", summary.service())
                .put("signature", summary.signature())
                .put("rule", summary.rule())
                .put("title", summary.title())
                .put("detected_at", String.valueOf(summary.detectedAt()))
                .put("last_event_at", String.valueOf(summary.lastEventAt()));
        if (summary.topHypothesis() == null) {
            node.putNull("top_hypothesis");
        } else {
            node.putObject("top_hypothesis").put("hypothesis", summary.topHypothesis()).put("category", summary.topCategory())
                    .put("confidence", summary.topConfidence());
        }
        return node;
    }

    private static ResponseEntity<String> unavailable(SQLException e) {
        LOG.warn("incidents: the read model is unavailable: {}", e.getMessage());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "the read model is unavailable; retry");
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }

    private static ResponseEntity<String> json(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
    }
}
