package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.access.Scope;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The incident reads on the real stack: incidents written to Kafka, projected by the real projector into the read
 * model, read through the API with tokens of each scope.
 */
class IncidentReadApiTest extends WithIngestServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static String reader;

    /**
     * acme: inc-01 … inc-12, one a minute from T0; odd ones in checkout, even ones in payments; inc-01 … inc-06 by
     * novelty, the rest by error_rate. inc-03 has two root causes (code_defect 0.8 and 0.6), inc-04 one
     * (dependency_timeout 0.4). globex: inc-g1.
     */
    @BeforeAll
    static void incidents() throws Exception {
        reader = server.tokens.create("acme", "reader", Set.of(Scope.READ), "test");
        var events = new ArrayList<Event>();
        for (int i = 1; i <= 12; i++) {
            events.add(detected("acme", id(i), i % 2 == 1 ? "checkout" : "payments", i <= 6 ? "novelty" : "error_rate", i));
        }
        events.add(rootCause("acme", "inc-03", RootCauseCategory.CODE_DEFECT, 0.8, "1.0.0"));
        events.add(rootCause("acme", "inc-03", RootCauseCategory.CODE_DEFECT, 0.6, "2.0.0"));
        events.add(rootCause("acme", "inc-04", RootCauseCategory.DEPENDENCY_TIMEOUT, 0.4, "1.0.0"));
        events.add(detected("globex", "inc-g1", "checkout", "novelty", 5));
        // acme's configuration, and its fix agent's troubles: a failed run, then an abandoned task.
        for (var manifest : List.of(
                "{'apiVersion':'debugd.dev/v1alpha1','kind':'Tenant','metadata':{'name':'acme'},'spec':{'confidenceThreshold':0.7}}",
                "{'apiVersion':'debugd.dev/v1alpha1','kind':'AgentProfile','metadata':{'name':'acme-rca'},"
                        + "'spec':{'tenant':'acme','agent':'rca','version':'1.0.0','provider':'builtin'}}",
                "{'apiVersion':'debugd.dev/v1alpha1','kind':'AgentProfile','metadata':{'name':'acme-fix'},"
                        + "'spec':{'tenant':'acme','agent':'fix','version':'2.1.0','provider':'builtin'}}",
                "{'apiVersion':'debugd.dev/v1alpha1','kind':'Integration','metadata':{'name':'acme-github'},"
                        + "'spec':{'tenant':'acme','type':'github','repository':'acme/shop'}}")) {
            events.add(ConfigFacts.fact(Manifest.of(JSON.readTree(manifest.replace('\'', '"')), "test"), 1, T0));
        }
        var fixTask = "acme/inc-03/FixDrafted/RootCauseProposed/2.1.0/cycle-1";
        events.add(Event.create(T0.plusSeconds(3700), "acme", "inc-03", 1, new Payload.AgentRunFailed(fixTask, "the model timed out",
                true, null), new Event.Agent("fix", "2.1.0"), "acme/inc-03/failed/" + fixTask, null));
        events.add(Event.create(T0.plusSeconds(3800), "acme", "inc-03", 1, new Payload.TaskAbandoned(fixTask, "fix", 5,
                "the receive budget is spent"), new Event.Agent("dispatcher", "1"), IdempotencyKey.abandoned(fixTask), null));
        server.recordAndProject(events);
    }

    @Test
    void pagesNewestFirstAndStayPutWhileIncidentsArrive() throws Exception {
        var first = get("/v1/incidents?limit=5", reader);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        var page1 = JSON.readTree(first.body());
        assertThat(ids(page1)).containsExactly("inc-12", "inc-11", "inc-10", "inc-09", "inc-08");
        // Meanwhile a newer incident and one detected before all others arrive.
        server.recordAndProject(List.of(detected("acme", "inc-13", "checkout", "novelty", 13),
                detected("acme", "inc-00", "checkout", "novelty", 0)));
        var page2 = JSON.readTree(get("/v1/incidents?limit=5&cursor=" + page1.get("next_cursor").asString(), reader).body());
        assertThat(ids(page2)).containsExactly("inc-07", "inc-06", "inc-05", "inc-04", "inc-03");
        var page3 = JSON.readTree(get("/v1/incidents?limit=5&cursor=" + page2.get("next_cursor").asString(), reader).body());
        assertThat(ids(page3)).containsExactly("inc-02", "inc-01", "inc-00");
        assertThat(page3.get("next_cursor").isNull()).isTrue();
        assertThat(ids(JSON.readTree(get("/v1/incidents?limit=1", reader).body()))).containsExactly("inc-13");

        var inc03 = page2.get("incidents").get(4);
        assertThat(inc03.get("service").asString()).isEqualTo("checkout");
        assertThat(inc03.get("rule").asString()).isEqualTo("novelty");
        assertThat(inc03.get("title").asString()).isEqualTo("Incident inc-03");
        assertThat(inc03.get("detected_at").asString()).isEqualTo("2026-11-30T10:03:00Z");
        assertThat(inc03.get("top_hypothesis").get("category").asString()).isEqualTo("code_defect");
        assertThat(inc03.get("top_hypothesis").get("confidence").asDouble()).isEqualTo(0.8);
        assertThat(page2.get("incidents").get(0).get("top_hypothesis").isNull()).isTrue();
    }

    @Test
    void filtersByStatusServiceRuleCategoryAndTime() throws Exception {
        assertThat(list("status=root_cause_proposed")).containsExactly("inc-04", "inc-03");
        assertThat(list("status=root_cause_proposed,detected&service=payments&rule=novelty")).containsExactly("inc-06", "inc-04",
                "inc-02");
        assertThat(list("category=dependency_timeout")).containsExactly("inc-04");
        assertThat(list("since=2026-11-30T10:02:00Z&until=2026-11-30T10:05:00Z")).containsExactly("inc-04", "inc-03", "inc-02");
        assertThat(list("rule=error_rate&service=checkout&until=2026-11-30T10:12:00Z")).containsExactly("inc-11", "inc-09",
                "inc-07");
    }

    @Test
    void showsAnIncidentWithItsTimelineByCycle() throws Exception {
        var response = get("/v1/incidents/inc-03", reader);
        assertThat(response.statusCode()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.get("incident").get("status").asString()).isEqualTo("root_cause_proposed");
        assertThat(body.get("cycles")).hasSize(1);
        var events = body.get("cycles").get(0).get("events");
        assertThat(events.valueStream().map(e -> e.get("event_type").asString()).toList())
                .containsExactly("IncidentDetected", "RootCauseProposed", "RootCauseProposed", "AgentRunFailed", "TaskAbandoned");
        assertThat(body.get("view").get("hypotheses")).hasSize(2);
    }

    @Test
    void keepsTenantsApartAndChecksScopes() throws Exception {
        var globex = get("/v1/incidents/inc-g1", reader);
        assertThat(globex.statusCode()).isEqualTo(404);
        assertThat(globex.body()).isEqualTo("{\"error\":\"no incident 'inc-g1'\"}");
        assertThat(get("/v1/incidents/inc-99", reader).body()).isEqualTo("{\"error\":\"no incident 'inc-99'\"}");
        assertThat(list("service=checkout&limit=200")).doesNotContain("inc-g1");
        // An ingest token reads nothing; an act token reads; no token is 401.
        for (var path : List.of("/v1/incidents", "/v1/incidents/inc-03")) {
            var ingest = get(path, server.token);
            assertThat(ingest.statusCode()).as(path).isEqualTo(403);
            assertThat(ingest.body()).isEqualTo("{\"error\":\"this token may not read incidents (its scopes: ingest)\"}");
            assertThat(get(path, server.personToken).statusCode()).as(path).isEqualTo(200);
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void refusesMalformedParametersNamingEach() throws Exception {
        var response = get("/v1/incidents?limit=0&status=open&since=yesterday&cursor=garbage&sort=age&category=bug", reader);
        assertThat(response.statusCode()).isEqualTo(400);
        var reasons = JSON.readTree(response.body()).get("reasons").valueStream().map(JsonNode::asString).toList();
        assertThat(reasons).anyMatch(r -> r.startsWith("limit: must be a whole number from 1 to 200, got '0'"))
                .anyMatch(r -> r.startsWith("status: 'open' is not one of pending, reopened, detected"))
                .anyMatch(r -> r.startsWith("since: must be an ISO-8601 instant"))
                .anyMatch(r -> r.startsWith("cursor: not a cursor this API gave"))
                .anyMatch(r -> r.startsWith("sort: unknown parameter"))
                .anyMatch(r -> r.startsWith("category: category 'bug' is not one of"))
                .hasSize(6);
        assertThat(get("/v1/incidents?limit=abc", reader).body()).contains("limit: must be a whole number from 1 to 200, got 'abc'");
        assertThat(get("/v1/incidents?limit=5&limit=6", reader).body()).contains("limit: given more than once");
    }

    @Test
    void chartsTheEvidenceAroundAnIncident() throws Exception {
        // Rows of the views written directly: inc-03 is checkout's sig-inc-03, detected at 10:03.
        server.clickhouse.insert("error_frequency", List.of(
                frequency("acme", "sig-inc-03", "10:02:10", 3), frequency("acme", "sig-inc-03", "10:02:40", 2),
                frequency("acme", "sig-inc-03", "10:03:30", 7), frequency("acme", "sig-other", "10:03:30", 50),
                frequency("globex", "sig-inc-03", "10:03:05", 100)));
        server.clickhouse.insert("error_rate", List.of(requests("acme", "10:02:00", 10, 1), requests("acme", "10:03:20", 20, 5),
                requests("globex", "10:03:20", 400, 400)));
        var response = get("/v1/incidents/inc-03/evidence?minutes_before=2&minutes_after=2&step_seconds=60", reader);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.get("from").asString()).isEqualTo("2026-11-30T10:01:00Z");
        assertThat(body.get("to").asString()).isEqualTo("2026-11-30T10:05:00Z");
        assertThat(body.get("points").valueStream().map(p -> p.get("t").asString().substring(11, 16) + " "
                + p.get("signature_occurrences").asLong() + " " + p.get("requests").asLong() + " " + p.get("failed_requests").asLong()
                + " " + p.get("error_rate").asDouble()))
                .containsExactly("10:01 0 0 0 0.0", "10:02 5 10 1 0.1", "10:03 7 20 5 0.25", "10:04 0 0 0 0.0");
        assertThat(get("/v1/incidents/inc-03/evidence?step_seconds=1", reader).statusCode()).as("7,200 steps").isEqualTo(400);
        assertThat(get("/v1/incidents/inc-03/evidence?minutes_before=x", reader).statusCode()).isEqualTo(400);
        assertThat(get("/v1/incidents/inc-g1/evidence", reader).statusCode()).isEqualTo(404);
        assertThat(get("/v1/incidents/inc-03/evidence", server.token).statusCode()).isEqualTo(403);
    }

    private static String frequency(String tenant, String signature, String time, long occurrences) {
        return "{\"tenant_id\":\"" + tenant + "\",\"service\":\"checkout\",\"error_signature\":\"" + signature
                + "\",\"signature_version\":1,\"second\":\"2026-11-30 " + time + "\",\"occurrences\":" + occurrences + "}";
    }

    private static String requests(String tenant, String time, long total, long failed) {
        return "{\"tenant_id\":\"" + tenant + "\",\"service\":\"checkout\",\"second\":\"2026-11-30 " + time
                + "\",\"total_requests\":" + total + ",\"error_requests\":" + failed + "}";
    }

    @Test
    void showsTheTenantsResourcesWithTheirHealth() throws Exception {
        var response = get("/v1/tenant?hours=720", reader);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.get("tenant").asString()).isEqualTo("acme");
        assertThat(body.get("configured").asBoolean()).isTrue();
        assertThat(body.get("agent_profiles").valueStream().map(p -> p.get("name").asString() + " " + p.get("agent").asString() + " "
                + p.get("version").asString() + " " + p.get("health").get("status").asString() + " "
                + p.get("health").get("outputs").asInt() + "/" + p.get("health").get("failed_runs").asInt() + "/"
                + p.get("health").get("abandoned_tasks").asInt()))
                .containsExactly("acme-fix fix 2.1.0 failing 0/1/1", "acme-rca rca 1.0.0 healthy 3/0/0");
        assertThat(body.get("agent_profiles").get(0).get("health").get("last_problem").asString())
                .isEqualTo("task acme/inc-03/FixDrafted/RootCauseProposed/2.1.0/cycle-1 abandoned: the receive budget is spent");
        assertThat(body.get("integrations")).singleElement().satisfies(integration -> {
            assertThat(integration.get("name").asString()).isEqualTo("acme-github");
            assertThat(integration.get("repository").asString()).isEqualTo("acme/shop");
            assertThat(integration.get("health").get("status").asString()).isEqualTo("idle");
        });
        assertThat(get("/v1/tenant?hours=0", reader).statusCode()).isEqualTo(400);
        assertThat(get("/v1/tenant", server.token).statusCode()).isEqualTo(403);
    }

    @Test
    void tellsTheDashboardWhoTheTokenIs() throws Exception {
        assertThat(JSON.readTree(get("/v1/session", reader).body())).isEqualTo(JSON.readTree(
                "{\"tenant\":\"acme\",\"name\":\"reader\",\"trace_url\":null,\"scopes\":[\"read\"]}"));
        assertThat(JSON.readTree(get("/v1/session", server.personToken).body()).get("scopes").toString()).isEqualTo("[\"act\"]");
        var ingest = get("/v1/session", server.token);
        assertThat(ingest.statusCode()).isEqualTo(403);
        assertThat(ingest.body()).isEqualTo("{\"error\":\"this token may not read incidents (its scopes: ingest)\"}");
        assertThat(get("/v1/session", null).statusCode()).isEqualTo(401);
    }

    @Test
    void describesTheApiInOpenApi() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        var description = JSON.readTree(response.body());
        assertThat(description.get("info").get("title").asString()).isEqualTo("debugd API");
        assertThat(description.get("paths").propertyNames()).contains("/v1/incidents", "/v1/incidents/{id}",
                "/v1/incidents/{id}/{action}", "/v1/incidents/{id}/evidence", "/v1/tenant", "/v1/stream", "/v1/audit", "/v1/session", "/v1/ingest", "/v1/ingest/logs", "/v1/logs", "/healthz");
        var list = description.get("paths").get("/v1/incidents").get("get");
        assertThat(list.get("parameters").valueStream().map(p -> p.get("name").asString()).toList())
                .containsExactly("status", "service", "rule", "category", "since", "until", "limit", "cursor");
        assertThat(description.get("components").get("securitySchemes").get("bearer").get("scheme").asString()).isEqualTo("bearer");
    }

    private static List<String> list(String query) throws Exception {
        var response = get("/v1/incidents?" + query, reader);
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        return ids(JSON.readTree(response.body()));
    }

    private static List<String> ids(JsonNode page) {
        return page.get("incidents").valueStream().map(incident -> incident.get("incident_id").asString()).toList();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(server.base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(int i) {
        return String.format("inc-%02d", i);
    }

    private static Event detected(String tenant, String incident, String service, String rule, int minute) {
        var time = T0.plusSeconds(60L * minute);
        return Event.create(time, tenant, incident, 1, new Payload.IncidentDetected(service, "sig-" + incident, 1, rule, time,
                Map.of(), "detector", "Incident " + incident), new Event.Agent("incident-detector", "1"),
                IdempotencyKey.episode(tenant, incident), null);
    }

    private static Event rootCause(String tenant, String incident, RootCauseCategory category, double confidence, String version) {
        return Event.create(T0.plusSeconds(3600), tenant, incident, 1, new Payload.RootCauseProposed("because " + confidence,
                category, confidence, List.of(), null), new Event.Agent("rca", version),
                IdempotencyKey.task(tenant, incident, EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, version, 1), null);
    }
}
