package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.e2e.stack.SuiteIds;
import dev.debugd.incidents.ManualIncident;
import dev.debugd.timeline.Payload;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Opening an incident by hand through the API: one incident per client request id, on the real Kafka. */
class ManualIncidentTest extends WithIngestServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRetriedRequestOpensOneIncident() throws Exception {
        var firstRequest = SuiteIds.clientRequestId("ui-7f3a");
        var body = "{\"service\": \"checkout\", \"title\": \"Customers report failed payments\", \"client_request_id\": \""
                + firstRequest + "\"}";
        var first = server.post("/v1/incidents", body, "Authorization", server.personBearer());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        server.clock.set(server.clock.instant().plusSeconds(30));
        var retried = server.post("/v1/incidents", body, "Authorization", server.personBearer());
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(retried.body())).isEqualTo(JSON.readTree(first.body()));
        var other = server.post("/v1/incidents", body.replace(firstRequest, SuiteIds.clientRequestId("ui-8b21")), "Authorization", server.personBearer());
        assertThat(JSON.readTree(other.body()).get("incident_id")).isNotEqualTo(JSON.readTree(first.body()).get("incident_id"));

        var opened = server.timeline().stream().filter(e -> e.payload() instanceof Payload.IncidentDetected).toList();
        assertThat(opened.stream().map(e -> e.incidentId()).collect(Collectors.toSet())).hasSize(2);
        assertThat(opened.stream().map(e -> e.eventId()).collect(Collectors.toSet())).hasSize(2);
        // Records of several partitions come in no set order: the first request's incident is looked up by its id.
        var firstId = JSON.readTree(first.body()).get("incident_id").asString();
        var event = opened.stream().filter(e -> e.incidentId().equals(firstId)).findFirst().orElseThrow();
        assertThat(event.tenantId()).isEqualTo("acme");
        assertThat(event.eventId().toString()).isEqualTo(JSON.readTree(first.body()).get("event_id").asString());
        var payload = (Payload.IncidentDetected) event.payload();
        assertThat(payload.rule()).isEqualTo("manual");
        assertThat(payload.title()).isEqualTo("Customers report failed payments");
        assertThat(payload.service()).isEqualTo("checkout");
        assertThat(payload.source()).as("who opened it: the token's name").isEqualTo("api:alice");
        // One audit entry per incident opened, however often the request came.
        assertThat(server.audit.list("acme", 100, 0)).filteredOn(entry -> entry.action().equals("incident_opened"))
                .extracting(entry -> entry.actor() + " " + entry.subject())
                .contains("alice " + firstId).filteredOn(line -> line.endsWith(firstId)).hasSize(1);
    }

    @Test
    void anIngestTokenMayNotOpenAnIncident() throws Exception {
        var requestId = SuiteIds.clientRequestId("ui-ingest");
        var body = "{\"service\": \"checkout\", \"title\": \"t\", \"client_request_id\": \"" + requestId + "\"}";
        var refused = server.post("/v1/incidents", body, "Authorization", server.bearer());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":\"this token may not record a person's facts (its scopes: ingest)\"}");
        assertThat(server.timeline()).noneMatch(e -> e.incidentId().equals(ManualIncident.incidentId("acme", requestId)));
    }

    @Test
    void refusesBadRequestsWithReasonsAndStrangers() throws Exception {
        var bad = server.post("/v1/incidents", "{\"service\": \"\", \"title\": 5, \"client_request_id\": \"has spaces\", \"x\": 1}",
                "Authorization", server.personBearer());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("service: is missing", "title: must be a string", "client_request_id: must be",
                "x: unknown field");
        assertThat(server.post("/v1/incidents", "not json", "Authorization", server.personBearer()).statusCode()).isEqualTo(400);
        assertThat(server.post("/v1/incidents", "{\"service\": \"a\", \"title\": \"b\", \"client_request_id\": \"c\"}").statusCode())
                .isEqualTo(401);
    }
}
