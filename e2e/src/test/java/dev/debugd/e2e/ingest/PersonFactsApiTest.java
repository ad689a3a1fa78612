package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.access.Scope;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's facts through the API on the real stack (design §12): each recorded on Kafka with the person's name,
 * once however often the request comes, shown by the projection; refused with a reason when it cannot be.
 */
class PersonFactsApiTest extends WithIngestServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final String ABANDONED = "acme/inc-t1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
    private static final String ABANDONED_CLOSED = "acme/inc-t2/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
    private static final String ABANDONED_TWICE = "acme/inc-t3/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
    private static String reader;

    @BeforeAll
    static void incidents() throws Exception {
        reader = server.tokens.create("acme", "viewer", Set.of(Scope.READ), "test");
        server.recordAndProject(List.of(detected("acme", "inc-r1"), rootCause("acme", "inc-r1"), detected("acme", "inc-s1"),
                detected("acme", "inc-o1"), detected("acme", "inc-open"), detected("globex", "inc-g1"),
                detected("acme", "inc-t1"), requested("acme", "inc-t1", ABANDONED), abandoned("acme", "inc-t1", ABANDONED),
                detected("acme", "inc-t2"), requested("acme", "inc-t2", ABANDONED_CLOSED),
                abandoned("acme", "inc-t2", ABANDONED_CLOSED), machineResolved("acme", "inc-t2"), detected("acme", "inc-sup2"),
                detected("acme", "inc-t3"), requested("acme", "inc-t3", ABANDONED_TWICE), abandoned("acme", "inc-t3", ABANDONED_TWICE)));
    }

    @Test
    void resolvingIsOneFactPerRequestAndShowsWhoDidIt() throws Exception {
        var first = post("inc-r1", "resolve", "{\"client_request_id\": \"res-1\"}", server.personToken);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        var retried = post("inc-r1", "resolve", "{\"client_request_id\": \"res-1\"}", server.personToken);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(field(retried, "event_id")).isEqualTo(field(first, "event_id"));
        assertThat(facts("inc-r1", Payload.IncidentResolved.class)).singleElement().satisfies(event -> {
            assertThat(event.agent().name()).isEqualTo("person:alice");
            assertThat(((Payload.IncidentResolved) event.payload()).reason()).isEqualTo("human");
        });

        server.recordAndProject(List.of());
        var view = view("inc-r1");
        assertThat(view.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(view.get("actions")).singleElement().satisfies(action -> {
            assertThat(action.get("kind").asString()).isEqualTo("RESOLVED");
            assertThat(action.get("person").asString()).isEqualTo("alice");
        });
        var again = post("inc-r1", "resolve", "{\"client_request_id\": \"res-2\"}", server.personToken);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(field(again, "error")).isEqualTo("cycle 1 of the incident is resolved already");
        assertThat(server.audit.list("acme", 100, 0)).filteredOn(entry -> entry.subject().equals("inc-r1"))
                .extracting(entry -> entry.actor() + " " + entry.action()).containsExactly("alice incident_resolved");
        var trail = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/audit?limit=500")).header("Authorization",
                "Bearer " + reader).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(trail.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(trail.body()).get("entries").valueStream()
                .filter(entry -> entry.get("subject").asString().equals("inc-r1"))
                .map(entry -> entry.get("actor").asString() + " " + entry.get("action").asString() + " "
                        + entry.get("detail").get("client_request_id").asString()))
                .containsExactly("alice incident_resolved res-1");
        var ingestToken = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/audit")).header("Authorization",
                "Bearer " + server.token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ingestToken.statusCode()).isEqualTo(403);
    }

    @Test
    void suppressingNeedsAReasonAndRecordsIt() throws Exception {
        var missing = post("inc-s1", "suppress", "{\"client_request_id\": \"sup-1\", \"why\": \"noise\"}", server.personToken);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("reasons").valueStream().map(JsonNode::asString).toList())
                .containsExactly("why: unknown field (expected reason, client_request_id)", "reason: is missing");
        assertThat(post("inc-s1", "suppress", "not json", server.personToken).statusCode()).isEqualTo(400);
        assertThat(post("inc-s1", "suppress", "{\"reason\": \"x\", \"client_request_id\": \"has space\"}", server.personToken)
                .body()).contains("client_request_id: must be 1-128 letters, digits and . _ : -");
        assertThat(facts("inc-s1", Payload.IncidentSuppressed.class)).isEmpty();

        var suppressed = post("inc-s1", "suppress", "{\"reason\": \"a load test\", \"client_request_id\": \"sup-1\"}",
                server.personToken);
        assertThat(suppressed.statusCode()).as(suppressed.body()).isEqualTo(201);
        server.recordAndProject(List.of());
        var view = view("inc-s1");
        assertThat(view.get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(view.get("actions")).singleElement().satisfies(action -> {
            assertThat(action.get("kind").asString()).isEqualTo("SUPPRESSED");
            assertThat(action.get("person").asString()).isEqualTo("alice");
            assertThat(action.get("detail").asString()).isEqualTo("a load test");
        });
    }

    @Test
    void reopeningOpensOneNextCycleHoweverOftenItIsClicked() throws Exception {
        var open = post("inc-open", "reopen", "{\"reason\": \"it is back\", \"client_request_id\": \"re-0\"}", server.personToken);
        assertThat(open.statusCode()).isEqualTo(409);
        assertThat(field(open, "error")).isEqualTo("cycle 1 is still under investigation (detected); an incident is reopened"
                + " once it is resolved, suppressed or needs a human");

        assertThat(post("inc-o1", "resolve", "{\"client_request_id\": \"res-o1\"}", server.personToken).statusCode()).isEqualTo(201);
        server.recordAndProject(List.of());
        var first = post("inc-o1", "reopen", "{\"reason\": \"customers still see it\", \"client_request_id\": \"re-1\"}",
                server.personToken);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(JSON.readTree(first.body()).get("cycle").asInt()).isEqualTo(2);
        var second = post("inc-o1", "reopen", "{\"reason\": \"clicked twice\", \"client_request_id\": \"re-2\"}", server.personToken);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(field(second, "event_id")).isEqualTo(field(first, "event_id"));
        server.recordAndProject(List.of());
        var third = post("inc-o1", "reopen", "{\"reason\": \"clicked again later\", \"client_request_id\": \"re-3\"}",
                server.personToken);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        assertThat(field(third, "event_id")).as("after the projection too").isEqualTo(field(first, "event_id"));
        assertThat(facts("inc-o1", Payload.InvestigationReopened.class)).singleElement()
                .satisfies(event -> assertThat(event.cycle()).isEqualTo(2));
        var view = view("inc-o1");
        assertThat(view.get("status").asString()).isEqualTo("REOPENED");
        assertThat(view.get("cycle").asInt()).isEqualTo(2);
        assertThat(view.get("actions").valueStream().map(a -> a.get("kind").asString() + " " + a.get("person").asString()))
                .containsExactly("RESOLVED alice", "REOPENED alice");
    }

    @Test
    void retryingAnAbandonedTaskAsksForTheNextAttemptOnceAndOnlyInAnOpenCycle() throws Exception {
        var body = "{\"task_key\": \"" + ABANDONED + "\", \"client_request_id\": \"retry-1\"}";
        var retried = post("inc-t1", "retry", body, server.personToken);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        assertThat(facts("inc-t1", Payload.TaskRetryRequested.class)).singleElement().satisfies(event -> {
            var retry = (Payload.TaskRetryRequested) event.payload();
            assertThat(retry.taskKey()).isEqualTo(ABANDONED);
            assertThat(retry.requestedBy()).isEqualTo("alice");
            assertThat(retry.attempt()).isEqualTo(2);
        });
        server.recordAndProject(List.of());
        assertThat(view("inc-t1").get("actions")).singleElement().satisfies(action -> {
            assertThat(action.get("kind").asString()).isEqualTo("RETRIED");
            assertThat(action.get("person").asString()).isEqualTo("alice");
            assertThat(action.get("detail").asString()).isEqualTo(ABANDONED);
        });
        var underWay = post("inc-t1", "retry", body.replace("retry-1", "retry-2"), server.personToken);
        assertThat(underWay.statusCode()).isEqualTo(409);
        assertThat(field(underWay, "error")).isEqualTo("attempt 2 of the task is not abandoned: it is done, or still being worked");

        var unknown = post("inc-t1", "retry", "{\"task_key\": \"acme/inc-t1/nothing\", \"client_request_id\": \"retry-3\"}",
                server.personToken);
        assertThat(unknown.statusCode()).isEqualTo(404);
        var closed = post("inc-t2", "retry", "{\"task_key\": \"" + ABANDONED_CLOSED + "\", \"client_request_id\": \"retry-4\"}",
                server.personToken);
        assertThat(closed.statusCode()).isEqualTo(409);
        assertThat(field(closed, "error")).isEqualTo("the task is of cycle 1, and cycle 1 is closed (resolved)");
        assertThat(facts("inc-t2", Payload.TaskRetryRequested.class)).isEmpty();
    }

    @Test
    void anotherTenantsIncidentAndTokensWithoutActRecordNothing() throws Exception {
        var globex = post("inc-g1", "resolve", "{\"client_request_id\": \"g-1\"}", server.personToken);
        assertThat(globex.statusCode()).isEqualTo(404);
        assertThat(field(globex, "error")).isEqualTo("no incident 'inc-g1'");
        assertThat(post("inc-nope", "resolve", "{\"client_request_id\": \"g-2\"}", server.personToken).statusCode()).isEqualTo(404);
        var readOnly = post("inc-open", "resolve", "{\"client_request_id\": \"g-3\"}", reader);
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(field(readOnly, "error")).isEqualTo("this token may not record a person's facts (its scopes: read)");
        assertThat(post("inc-open", "suppress", "{\"reason\": \"r\", \"client_request_id\": \"g-4\"}", server.token).statusCode())
                .isEqualTo(403);
        assertThat(post("inc-open", "resolve", "{\"client_request_id\": \"g-5\"}", null).statusCode()).isEqualTo(401);
        assertThat(facts("inc-g1", Payload.IncidentResolved.class)).isEmpty();
        assertThat(facts("inc-open", Payload.IncidentResolved.class)).isEmpty();
        assertThat(facts("inc-open", Payload.IncidentSuppressed.class)).isEmpty();
    }

    @Test
    void anIncidentAPersonOpenedShowsWhoOpenedIt() throws Exception {
        var opened = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/incidents")).header("Authorization",
                "Bearer " + server.personToken).POST(HttpRequest.BodyPublishers.ofString("{\"service\": \"checkout\","
                        + " \"title\": \"Customers cannot pay\", \"client_request_id\": \"open-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        server.recordAndProject(List.of());
        var view = view(field(opened, "incident_id"));
        assertThat(view.get("status").asString()).isEqualTo("DETECTED");
        assertThat(view.get("actions")).singleElement().satisfies(action -> {
            assertThat(action.get("kind").asString()).isEqualTo("OPENED");
            assertThat(action.get("person").asString()).isEqualTo("alice");
        });
    }

    /** Every action: another tenant's incident is 404 and records nothing; a body without its fields is 400 naming them. */
    @Test
    void everyActionRefusesAnotherTenantsIncidentAndBadBodies() throws Exception {
        var bodies = Map.of("resolve", "{\"client_request_id\": \"x-1\"}",
                "suppress", "{\"reason\": \"r\", \"client_request_id\": \"x-2\"}",
                "reopen", "{\"reason\": \"r\", \"client_request_id\": \"x-3\"}",
                "retry", "{\"task_key\": \"" + ABANDONED + "\", \"client_request_id\": \"x-4\"}");
        var missing = Map.of("resolve", List.of("client_request_id: is missing"),
                "suppress", List.of("reason: is missing", "client_request_id: is missing"),
                "reopen", List.of("reason: is missing", "client_request_id: is missing"),
                "retry", List.of("task_key: is missing", "client_request_id: is missing"));
        var before = server.timeline().size();
        for (var action : bodies.keySet()) {
            var other = post("inc-g1", action, bodies.get(action), server.personToken);
            assertThat(other.statusCode()).as(action).isEqualTo(404);
            var bad = post("inc-open", action, "{}", server.personToken);
            assertThat(bad.statusCode()).as(action).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("reasons").valueStream().map(JsonNode::asString).toList()).as(action)
                    .containsExactlyInAnyOrderElementsOf(missing.get(action));
        }
        assertThat(server.timeline()).as("nothing recorded").hasSize(before);
    }

    @Test
    void aRetriedSuppressionOrRetryRecordsOneFact() throws Exception {
        var body = "{\"reason\": \"noise\", \"client_request_id\": \"sup-twice\"}";
        var first = post("inc-sup2", "suppress", body, server.personToken);
        var again = post("inc-sup2", "suppress", body, server.personToken);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(field(again, "event_id")).isEqualTo(field(first, "event_id"));
        assertThat(facts("inc-sup2", Payload.IncidentSuppressed.class)).hasSize(1);

        var retry = "{\"task_key\": \"" + ABANDONED_TWICE + "\", \"client_request_id\": \"retry-twice\"}";
        var firstRetry = post("inc-t3", "retry", retry, server.personToken);
        var secondRetry = post("inc-t3", "retry", retry, server.personToken);
        assertThat(firstRetry.statusCode()).as(firstRetry.body()).isEqualTo(201);
        assertThat(field(secondRetry, "event_id")).as("the same attempt").isEqualTo(field(firstRetry, "event_id"));
        assertThat(facts("inc-t3", Payload.TaskRetryRequested.class)).hasSize(1);
    }

    private static List<Event> facts(String incident, Class<? extends Payload> type) {
        // One fact is one event id, however many records of it a retried request wrote.
        return server.timeline().stream().filter(e -> e.incidentId().equals(incident) && type.isInstance(e.payload()))
                .collect(Collectors.toMap(Event::eventId, e -> e, (a, b) -> a)).values().stream().toList();
    }

    private static JsonNode view(String incident) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/incidents/" + incident))
                .header("Authorization", "Bearer " + reader).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("view");
    }

    private static HttpResponse<String> post(String incident, String action, String body, String token) throws Exception {
        var request = HttpRequest.newBuilder(server.base.resolve("/v1/incidents/" + incident + "/" + action))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> response, String name) {
        return JSON.readTree(response.body()).get(name).asString();
    }

    private static Event detected(String tenant, String incident) {
        return Event.create(T0, tenant, incident, 1, new Payload.IncidentDetected("checkout", "sig-" + incident, 1, "novelty", T0,
                Map.of(), "detector", "Incident " + incident), new Event.Agent("incident-detector", "1"),
                IdempotencyKey.episode(tenant, incident), null);
    }

    private static Event rootCause(String tenant, String incident) {
        return Event.create(T0.plusSeconds(60), tenant, incident, 1, new Payload.RootCauseProposed("a pool ran dry",
                RootCauseCategory.POOL_EXHAUSTION, 0.8, List.of(), null), new Event.Agent("rca", "1.0.0"),
                IdempotencyKey.task(tenant, incident, EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, "1.0.0", 1), null);
    }

    private static Event requested(String tenant, String incident, String taskKey) {
        return Event.create(T0.plusSeconds(30), tenant, incident, 1, new Payload.TaskRequested(taskKey, "rca", "rca-" + tenant,
                new Payload.RecordPosition("t", 0, 0), UUID.nameUUIDFromBytes(taskKey.getBytes()), "ContextBuilt/rca", Map.of(),
                Map.of()), new Event.Agent("dispatcher", "1"), taskKey, null);
    }

    private static Event abandoned(String tenant, String incident, String taskKey) {
        return Event.create(T0.plusSeconds(90), tenant, incident, 1, new Payload.TaskAbandoned(taskKey, "rca", 5,
                "the receive budget is spent"), new Event.Agent("dispatcher", "1"), IdempotencyKey.abandoned(taskKey), null);
    }

    private static Event machineResolved(String tenant, String incident) {
        return Event.create(T0.plusSeconds(120), tenant, incident, 1, new Payload.IncidentResolved("evaluation_passed", null),
                new Event.Agent("resolver", "1"), IdempotencyKey.resolved(tenant, incident, 1), null);
    }
}
