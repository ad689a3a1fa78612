package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.access.Scope;
import dev.debugd.config.Endpoints;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.readmodel.Replay;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live updates over server-sent events on the real stack: a tenant's new timeline events reach an open stream as the
 * projector puts them into the read model, a reconnect with Last-Event-ID gets what it missed and nothing twice, and a
 * replay that swaps a rebuilt read model in makes the stream say reset.
 */
class StreamApiTest extends WithIngestServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2026-11-30T14:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** An open stream: the server-sent events it received so far, as (event, id, data). */
    private static final class Sse implements AutoCloseable {
        record Received(String event, String id, String data) {}

        final List<Received> events = new CopyOnWriteArrayList<>();
        private final HttpResponse<Stream<String>> response;
        private final Thread reader;

        Sse(String token, String lastEventId) throws Exception {
            var request = HttpRequest.newBuilder(server.base.resolve("/v1/stream")).header("Authorization", "Bearer " + token);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            reader = new Thread(() -> {
                String event = null;
                String id = null;
                var data = new StringBuilder();
                try {
                    for (var line : (Iterable<String>) response.body()::iterator) {
                        if (line.isEmpty()) {
                            if (event != null) {
                                events.add(new Received(event, id, data.toString()));
                            }
                            event = null;
                            id = null;
                            data.setLength(0);
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6);
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3);
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5));
                        }
                    }
                } catch (RuntimeException e) {
                    // closed by the test
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        List<String> timeline() {
            return events.stream().filter(e -> e.event().equals("timeline"))
                    .map(e -> JSON.readTree(e.data()).get("incident_id").asString() + " " + JSON.readTree(e.data()).get("event_type")
                            .asString()).toList();
        }

        String lastId() {
            return events.get(events.size() - 1).id();
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    @Test
    void followsTheTenantsEventsResumesAfterTheLastIdAndResetsAfterAReplay() throws Exception {
        var reader = server.tokens.create("acme", "stream", Set.of(Scope.READ), "test");
        server.recordAndProject(List.of(detected("acme", "inc-before", 0)));
        String resumeFrom;
        try (var stream = new Sse(reader, null)) {
            await().atMost(PATIENCE).until(() -> stream.events.stream().anyMatch(e -> e.event().equals("ready")));
            assertThat(stream.timeline()).as("nothing from before it was opened").isEmpty();
            server.recordAndProject(List.of(detected("acme", "inc-1", 1), detected("globex", "inc-g", 1)));
            await().atMost(PATIENCE).until(() -> stream.timeline().contains("inc-1 IncidentDetected"));
            assertThat(stream.timeline()).containsExactly("inc-1 IncidentDetected");
            resumeFrom = stream.lastId();
        }
        server.recordAndProject(List.of(detected("acme", "inc-2", 2), detected("acme", "inc-3", 3), detected("globex", "inc-g2", 3)));
        try (var resumed = new Sse(reader, resumeFrom)) {
            await().atMost(PATIENCE).until(() -> resumed.events.stream().anyMatch(e -> e.event().equals("ready")));
            assertThat(resumed.timeline()).as("what it missed, once, and only its tenant's")
                    .containsExactlyInAnyOrder("inc-2 IncidentDetected", "inc-3 IncidentDetected");

            var stack = LocalStack.endpoints();
            var quiet = new PrintStream(OutputStream.nullOutputStream());
            Replay.run(new Endpoints(stack.kafka(), stack.sqs(), stack.clickhouse(), server.database.postgres), server.topics.topics,
                    quiet);
            await().atMost(PATIENCE).until(() -> resumed.events.stream().anyMatch(e -> e.event().equals("reset")));
        }
        try (var stale = new Sse(reader, resumeFrom)) {
            await().atMost(PATIENCE).until(() -> stale.events.stream().anyMatch(e -> e.event().equals("ready")));
            assertThat(stale.events).extracting(Sse.Received::event).as("a position of the read model before the replay")
                    .containsExactly("reset", "ready");
        }
        var ingest = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/stream")).header("Authorization",
                "Bearer " + server.token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(403);
        assertThat(ingest.body()).isEqualTo("{\"error\":\"this token may not read incidents (its scopes: ingest)\"}");
    }

    private static Event detected(String tenant, String incident, int minute) {
        var time = T0.plusSeconds(60L * minute);
        return Event.create(time, tenant, incident, 1, new Payload.IncidentDetected("checkout", "sig-" + incident, 1, "novelty", time,
                Map.of(), "detector", "Incident " + incident), new Event.Agent("incident-detector", "1"),
                IdempotencyKey.episode(tenant, incident), null);
    }
}
