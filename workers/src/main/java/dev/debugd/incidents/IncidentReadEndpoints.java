package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import dev.debugd.integrations.sentry.SentryIssues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
    private static final JsonMapper JSON = JsonAnswers.JSON;

    private final ApiTokens tokens;
    private final IncidentReads reads;
    private final EvidenceSeries evidence;
    private final SentryIssues sentryIssues;
    private final Clock clock;

    public IncidentReadEndpoints(ApiTokens tokens, IncidentReads reads, EvidenceSeries evidence, SentryIssues sentryIssues, Clock clock) {
        this.tokens = tokens;
        this.reads = reads;
        this.evidence = evidence;
        this.sentryIssues = sentryIssues;
        this.clock = clock;
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
            return JsonAnswers.refused(authorization);
        }
        var parsed = IncidentQuery.parse(request.getParameterMap());
        if (parsed.query() == null) {
            var body = JSON.createObjectNode().put("error", "the query's parameters are not valid");
            parsed.problems().forEach(body.putArray("reasons")::add);
            return JsonAnswers.json(HttpStatus.BAD_REQUEST, body);
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
        return JsonAnswers.json(HttpStatus.OK, body);
    }

    @Operation(summary = "An incident: its summary, its view and its timeline's events by cycle (scope read)")
    @GetMapping(value = "/v1/incidents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> incident(HttpServletRequest request, @PathVariable("id") String id) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return JsonAnswers.refused(authorization);
        }
        if (id.length() > 200) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, "id: must be at most 200 characters");
        }
        Optional<IncidentReads.Detail> detail;
        try {
            detail = reads.detail(authorization.caller().tenant(), id);
        } catch (SQLException e) {
            return unavailable(e);
        }
        if (detail.isEmpty()) {
            return JsonAnswers.error(HttpStatus.NOT_FOUND, "no incident '" + id + "'");
        }
        List<SentryIssues.Issue> issues;
        try {
            var signature = detail.get().summary().signature();
            issues = signature == null || signature.isEmpty() ? List.of() : sentryIssues.bySignature(authorization.caller().tenant(), signature);
        } catch (SQLException e) {
            return unavailable(e);
        }
        var body = JSON.createObjectNode();
        body.set("incident", summary(detail.get().summary()));
        // The Sentry issues whose events carry the incident's signature.
        var sentry = body.putArray("sentry_issues");
        for (var issue : issues) {
            sentry.addObject().put("issue_id", issue.issueId()).put("short_id", issue.shortId()).put("title", issue.title())
                    .put("project", issue.project());
        }
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
        return JsonAnswers.json(HttpStatus.OK, body);
    }

    @Operation(summary = "The evidence around an incident, for charts: per step its signature's occurrences and its service's"
            + " requests, failed requests and error rate (scope read)", parameters = {
        @Parameter(name = "minutes_before", in = ParameterIn.QUERY, description = "Before its detection, 1-1440 (default 60)"),
        @Parameter(name = "minutes_after", in = ParameterIn.QUERY, description = "After its detection, 0-1440 (default 60)"),
        @Parameter(name = "step_seconds", in = ParameterIn.QUERY, description = "Width of a step, 1-3600 (default 60); at most"
                + " 1,440 steps")})
    @GetMapping(value = "/v1/incidents/{id}/evidence", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> evidence(HttpServletRequest request, @PathVariable("id") String id) throws InterruptedException {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return JsonAnswers.refused(authorization);
        }
        long before = JsonAnswers.wholeNumber(request.getParameter("minutes_before"), 60);
        long after = JsonAnswers.wholeNumber(request.getParameter("minutes_after"), 60);
        long step = JsonAnswers.wholeNumber(request.getParameter("step_seconds"), 60);
        if (before < 1 || before > 1440 || after < 0 || after > 1440 || step < 1 || step > 3600 || (before + after) * 60 / step > 1440) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, "minutes_before must be 1-1440, minutes_after 0-1440 and step_seconds 1-3600,"
                    + " for at most 1,440 steps");
        }
        Optional<IncidentReads.Detail> detail;
        try {
            detail = id.length() > 200 ? Optional.empty() : reads.detail(authorization.caller().tenant(), id);
        } catch (SQLException e) {
            return unavailable(e);
        }
        if (detail.isEmpty() || detail.get().summary().detectedAt() == null) {
            return JsonAnswers.error(HttpStatus.NOT_FOUND, "no incident '" + id + "'");
        }
        var summary = detail.get().summary();
        var window = EvidenceSeries.Window.around(summary.detectedAt(), Duration.ofMinutes(before), Duration.ofMinutes(after),
                Duration.ofSeconds(step));
        List<EvidenceSeries.Point> points;
        try {
            points = evidence.read(authorization.caller().tenant(), summary.service(), summary.signature(), window);
        } catch (IOException e) {
            LOG.warn("incidents: the evidence store is unavailable: {}", e.getMessage());
            return JsonAnswers.error(HttpStatus.SERVICE_UNAVAILABLE, "the evidence store is unavailable; retry");
        }
        var body = JSON.createObjectNode().put("incident_id", summary.incidentId()).put("service", summary.service())
                .put("signature", summary.signature()).put("detected_at", summary.detectedAt().toString())
                .put("from", window.from().toString()).put("to", window.to().toString()).put("step_seconds", step);
        var array = body.putArray("points");
        for (var point : points) {
            array.addObject().put("t", point.start().toString()).put("signature_occurrences", point.occurrences())
                    .put("requests", point.requests()).put("failed_requests", point.failedRequests())
                    .put("error_rate", point.errorRate());
        }
        return JsonAnswers.json(HttpStatus.OK, body);
    }

    @Operation(summary = "The tenant's agent profiles and integrations as recorded, each with its health over the last hours:"
            + " outputs, failed runs, abandoned tasks (scope read)", parameters = {
        @Parameter(name = "hours", in = ParameterIn.QUERY, description = "How far back health looks, 1-720 (default 24)")})
    @GetMapping(value = "/v1/tenant", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> tenant(HttpServletRequest request) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return JsonAnswers.refused(authorization);
        }
        long hours = JsonAnswers.wholeNumber(request.getParameter("hours"), 24);
        if (hours < 1 || hours > 720) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, "hours must be a whole number from 1 to 720");
        }
        TenantHealth.Report report;
        try {
            report = reads.health(authorization.caller().tenant(), clock.instant().minus(Duration.ofHours(hours)));
        } catch (SQLException e) {
            return unavailable(e);
        }
        var body = JSON.createObjectNode().put("tenant", report.tenant()).put("configured", report.configured())
                .put("generation", report.generation()).put("hours", hours);
        var profiles = body.putArray("agent_profiles");
        for (var profile : report.profiles()) {
            var node = profiles.addObject().put("name", profile.name()).put("agent", profile.agent()).put("version", profile.version())
                    .put("provider", profile.provider()).put("model", profile.model()).put("generation", profile.generation());
            health(node, profile.health());
        }
        var integrations = body.putArray("integrations");
        for (var integration : report.integrations()) {
            var node = integrations.addObject().put("name", integration.name()).put("type", integration.type())
                    .put("repository", integration.repository()).put("generation", integration.generation());
            health(node, integration.health());
        }
        return JsonAnswers.json(HttpStatus.OK, body);
    }

    private static void health(ObjectNode node, TenantHealth.Health health) {
        node.putObject("health").put("status", health.status().name().toLowerCase(Locale.ROOT)).put("outputs", health.outputs())
                .put("failed_runs", health.failedRuns()).put("abandoned_tasks", health.abandonedTasks())
                .put("last_output_at", health.lastOutputAt() == null ? null : health.lastOutputAt().toString())
                .put("last_problem", health.lastProblem());
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
        return JsonAnswers.error(HttpStatus.SERVICE_UNAVAILABLE, "the read model is unavailable; retry");
    }
}
