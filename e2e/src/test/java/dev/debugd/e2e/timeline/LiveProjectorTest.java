package dev.debugd.e2e.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.Processes;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * `bin/debugd project` as it runs beside the other roles: the read model follows the live timeline, a bad record becomes
 * EventRejected, and a `replay --from-offset 0` that swaps a rebuilt read model in while facts keep coming loses none.
 */
class LiveProjectorTest {

    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");
    private static final Pattern METRICS = Pattern.compile("GET (http://127\\.0\\.0\\.1:\\d+/metrics)");

    @Test
    void theReadModelFollowsTheTimelineThroughAReplay() throws Exception {
        var endpoints = LocalStack.requireKafka();
        LocalStack.requirePostgres();
        var log = Files.createTempFile("project", ".log");
        try (var topics = new TestTopics(endpoints.kafka(), 3); var database = new TestDatabase();
                var writer = new TimelineWriter(endpoints.kafka(), topics.topics)) {
            var env = Map.of("DEBUGD_TOPIC_PREFIX", topics.topics.prefix(), "PGDATABASE", database.postgres.database());
            var written = new ArrayList<Event>();
            var projector = Processes.start(List.of("bin/debugd", "project", "--metrics-port", "0", "--lag-every", "1s"), env, log);
            try {
                for (int i = 1; i <= 10; i++) {
                    written.add(detected("acme", "inc-" + i));
                }
                writer.writeAll(written);
                // the role creates the read model's tables as it starts
                await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(SQLException.class).untilAsserted(() ->
                        assertThat(statuses(database)).as(Files.readString(log)).hasSize(10).containsOnlyKeys(incidents(1, 10)));

                // A record that no reader can decode, from a producer that bypasses every check.
                try (var raw = new KafkaProducer<>(endpoints.kafka().clientProperties(), new StringSerializer(),
                        new ByteArraySerializer())) {
                    raw.send(new ProducerRecord<>(topics.topics.name(Topic.TIMELINE), "acme/inc-1",
                            "{\"event_type\":".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(rejections(database)).as(Files.readString(log)).singleElement().asString()
                                .startsWith("acme|inc-1|").contains("not JSON"));

                // Facts keep coming while a replay rebuilds the read model and swaps it in.
                var replay = CompletableFuture.supplyAsync(() -> Processes.run(List.of("bin/debugd", "replay", "--from-offset", "0"),
                        env, Duration.ofMinutes(3)));
                int next = 11;
                Processes.Result replayed;
                while (true) { // two facts, then up to 100 ms for the replay to finish, until it has
                    var more = List.of(detected("acme", "inc-" + next), contextBuilt("acme", "inc-" + (next - 10)));
                    writer.writeAll(more);
                    written.addAll(more);
                    next++;
                    try {
                        replayed = replay.get(100, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException stillReplaying) {
                        // write more while it runs
                    }
                }
                assertThat(replayed.exitCode()).as(replayed.all()).isZero();
                for (int i = 0; i < 5; i++, next++) { // and after the swap
                    var more = List.of(detected("acme", "inc-" + next), contextBuilt("acme", "inc-" + (next - 10)));
                    writer.writeAll(more);
                    written.addAll(more);
                }
                int last = next - 1;
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    var statuses = statuses(database);
                    assertThat(statuses).as(Files.readString(log)).hasSize(last);
                    for (int i = 1; i <= last; i++) {
                        // written out from the loop above: the last ten incidents have no context yet
                        assertThat(statuses.get("inc-" + i)).as("inc-" + i).isEqualTo(i <= last - 10 ? "CONTEXT_BUILT" : "DETECTED");
                    }
                    assertThat(storedIds(database, written)).isEqualTo(written.size());
                });
                assertThat(projector.isAlive()).as(Files.readString(log)).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains(", lag 0"));
                assertThat(Files.readString(log)).contains("a replay swapped a rebuilt read model in");
                var metrics = METRICS.matcher(Files.readString(log));
                assertThat(metrics.find()).as(Files.readString(log)).isTrue();
                var scrape = HttpRequest.newBuilder(URI.create(metrics.group(1))).build();
                // The gauge holds the last measurement, taken every second: it reaches 0 once one is taken caught up.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(HttpClient.newHttpClient()
                        .send(scrape, HttpResponse.BodyHandlers.ofString()).body())
                        .contains("debugd_projector_lag_records 0.0", "debugd_projector_rejected_records_total 1.0"));
            } finally {
                Processes.stop(projector);
                Files.deleteIfExists(log);
            }
        }
    }

    private static List<String> incidents(int from, int to) {
        var names = new ArrayList<String>();
        for (int i = from; i <= to; i++) {
            names.add("inc-" + i);
        }
        return names;
    }

    private static Event detected(String tenant, String incident) {
        return Event.create(T0, tenant, incident, 1, new Payload.IncidentDetected("checkout", "sig-checkout", 1, "novelty", T0,
                Map.of("occurrences", 5.0), "detector", null), new Event.Agent("detector", "1"),
                IdempotencyKey.episode(tenant, incident), null);
    }

    private static Event contextBuilt(String tenant, String incident) {
        return Event.create(T0.plusSeconds(30), tenant, incident, 1, new Payload.ContextBuilt(new RawJson("{\"lines\":[]}"), List.of()),
                new Event.Agent("context-builder", "1"), IdempotencyKey.task(tenant, incident, EventType.CONTEXT_BUILT,
                        EventType.INCIDENT_DETECTED, "1", 1), null);
    }

    private static Map<String, String> statuses(TestDatabase database) throws SQLException {
        var statuses = new TreeMap<String, String>();
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT incident_id, status FROM readmodel.incidents WHERE tenant_id = 'acme'")) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getString(2));
            }
        }
        return statuses;
    }

    private static List<String> rejections(TestDatabase database) throws SQLException {
        var rows = new ArrayList<String>();
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT tenant_id, incident_id, f->>'detail' FROM readmodel.incidents,"
                        + " jsonb_array_elements(view->'failures') f WHERE f->>'kind' = 'EVENT_REJECTED'")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }

    private static int storedIds(TestDatabase database, List<Event> events) throws SQLException {
        try (var connection = database.connect(); var select = connection.prepareStatement(
                "SELECT count(*) FROM readmodel.timeline_events WHERE event_id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("uuid", events.stream().map(Event::eventId).toArray(UUID[]::new)));
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
