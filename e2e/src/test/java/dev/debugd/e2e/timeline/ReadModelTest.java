package dev.debugd.e2e.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.config.Endpoints;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.readmodel.Projector;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.readmodel.Replay;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read model on the real stack: projecting a multi-tenant, multi-cycle history with duplicates and a poison
 * record, then replaying it, crashing mid-way, re-delivering everything and racing two projectors.
 */
class ReadModelTest {

    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
    private static final Duration POLL = Duration.ofMillis(300);
    private static Endpoints endpoints;
    private static TestTopics topics;
    private static TestDatabase database;
    private static ReadModelSchemas schemas;
    /** The read model as first projected: what every other path must reproduce. */
    private static List<String> reference;

    private static final String[] EXPECTED_INCIDENTS = {
        // tenant, incident, status, cycle, service — written out by hand from the history below
        "acme|inc-1|RESOLVED|1|checkout",
        "acme|inc-2|CONTEXT_BUILT|2|payments",
        "globex|inc-1|SUPPRESSED|1|search",
        "globex|inc-3|PENDING|1|null",
    };

    @BeforeAll
    static void writeHistoryAndProjectIt() throws Exception {
        endpoints = LocalStack.requireKafka();
        LocalStack.requirePostgres();
        topics = new TestTopics(endpoints.kafka(), 3);
        database = new TestDatabase();
        endpoints = new Endpoints(endpoints.kafka(), endpoints.sqs(), endpoints.clickhouse(), database.postgres);
        schemas = new ReadModelSchemas(database.postgres);
        schemas.migrate(ReadModelSchemas.LIVE);
        writeHistory();
        projectUntilIdle(ReadModelSchemas.LIVE, 7, batch -> { });
        reference = database.dump(ReadModelSchemas.LIVE);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (topics != null) {
            topics.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static Event event(Instant time, String tenant, String incident, int cycle, Payload payload, String agentVersion,
            EventType trigger) {
        var type = EventType.of(payload);
        var key = IdempotencyKey.task(tenant, incident, type, trigger, agentVersion, cycle);
        return Event.create(time, tenant, incident, cycle, payload, new Event.Agent(type.wireName() + "-agent", agentVersion), key, null);
    }

    private static Event detected(String tenant, String incident, String service, int minute) {
        return Event.create(T0.plusSeconds(60L * minute), tenant, incident, 1, new Payload.IncidentDetected(service,
                "sig-" + service, 1, "novelty", T0, Map.of("occurrences", 12.0), "detector", null),
                new Event.Agent("detector", "1.0.0"), IdempotencyKey.episode(tenant, incident), null);
    }

    private static Payload.ContextBuilt context() {
        return new Payload.ContextBuilt(new dev.debugd.timeline.RawJson("{\"lines\": 3}"), List.of());
    }

    private static Payload.RootCauseProposed rca(String hypothesis, double confidence) {
        return new Payload.RootCauseProposed(hypothesis, RootCauseCategory.MISSING_CONFIG, confidence, List.of(), null);
    }

    private static void writeHistory() throws Exception {
        var history = new ArrayList<Event>();
        // acme/inc-1: the happy path to resolution.
        history.add(detected("acme", "inc-1", "checkout", 0));
        history.add(event(T0.plusSeconds(120), "acme", "inc-1", 1, context(), "1.0.0", EventType.INCIDENT_DETECTED));
        history.add(event(T0.plusSeconds(180), "acme", "inc-1", 1, rca("JWT_SECRET missing", 0.9), "0.3.1", EventType.CONTEXT_BUILT));
        history.add(event(T0.plusSeconds(240), "acme", "inc-1", 1, new Payload.FixDrafted("read the secret", "diff", null), "0.2.0", EventType.ROOT_CAUSE_PROPOSED));
        history.add(event(T0.plusSeconds(300), "acme", "inc-1", 1, new Payload.FixProposed("acme/shop", 11, "https://git.example/11", null), "1.0.0", EventType.FIX_DRAFTED));
        history.add(event(T0.plusSeconds(400), "acme", "inc-1", 1, new Payload.FixApplied("acme/shop", 11, "aaa111", "dev"), "1.0.0", EventType.FIX_PROPOSED));
        history.add(event(T0.plusSeconds(900), "acme", "inc-1", 1, new Payload.EvaluationCompleted(true, Map.of(), "gone", null), "0.1.0", EventType.EVALUATION_DUE));
        history.add(event(T0.plusSeconds(901), "acme", "inc-1", 1, new Payload.IncidentResolved("evaluation_passed", null), "1.0.0", EventType.EVALUATION_COMPLETED));
        // acme/inc-2: two racing RCA runs (one id, two payloads), a failed evaluation, cycle 2 under way.
        history.add(detected("acme", "inc-2", "payments", 1));
        history.add(event(T0.plusSeconds(130), "acme", "inc-2", 1, context(), "1.0.0", EventType.INCIDENT_DETECTED));
        history.add(event(T0.plusSeconds(190), "acme", "inc-2", 1, rca("pool exhausted", 0.8), "0.3.1", EventType.CONTEXT_BUILT));
        history.add(event(T0.plusSeconds(195), "acme", "inc-2", 1, rca("pool exhausted (slow run)", 0.7), "0.3.1", EventType.CONTEXT_BUILT));
        history.add(event(T0.plusSeconds(300), "acme", "inc-2", 1, new Payload.FixProposed("acme/pay", 4, "https://git.example/4", null), "1.0.0", EventType.FIX_DRAFTED));
        history.add(event(T0.plusSeconds(350), "acme", "inc-2", 1, new Payload.FixApplied("acme/pay", 4, "bbb222", "dev"), "1.0.0", EventType.FIX_PROPOSED));
        history.add(event(T0.plusSeconds(950), "acme", "inc-2", 1, new Payload.EvaluationCompleted(false, Map.of(), "still failing", null), "0.1.0", EventType.EVALUATION_DUE));
        history.add(event(T0.plusSeconds(951), "acme", "inc-2", 2, new Payload.InvestigationReopened("evaluation failed", null), "1.0.0", EventType.EVALUATION_COMPLETED));
        history.add(event(T0.plusSeconds(1000), "acme", "inc-2", 2, context(), "1.0.0", EventType.INVESTIGATION_REOPENED));
        // globex/inc-1 (same incident id, other tenant): suppressed, then a late root cause.
        history.add(detected("globex", "inc-1", "search", 2));
        history.add(event(T0.plusSeconds(200), "globex", "inc-1", 1, new Payload.IncidentSuppressed("benign", "deploy-window", "suppression_rule"), "1.0.0", EventType.INCIDENT_DETECTED));
        history.add(event(T0.plusSeconds(260), "globex", "inc-1", 1, rca("late hypothesis", 0.4), "0.3.1", EventType.CONTEXT_BUILT));
        // globex/inc-3: only the dispatcher's request so far.
        history.add(event(T0.plusSeconds(10), "globex", "inc-3", 1, new Payload.TaskRequested("globex/inc-3/ContextBuilt", "context-builder",
                "globex-context-builder-tasks", new Payload.RecordPosition("debugging.timeline", 0, 1), null, "incident-detected", Map.of()),
                "1.0.0", EventType.INCIDENT_DETECTED));
        // Bad records first, on acme/inc-1's partition, written by a producer that bypasses our validation: every
        // record after them on that partition must still be projected.
        var codec = new EventCodec();
        var json = JsonMapper.builder().build();
        var good = (ObjectNode) json.readTree(codec.encode(history.get(0)));
        var props = endpoints.kafka().clientProperties();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        try (var raw = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (var bad : List.of(
                    good.deepCopy().without("tenant_id"),
                    good.deepCopy().put("event_type", "IncidentExploded"),
                    withPayload(good, "service", null),
                    withPayload(good, "title", "x".repeat(1_100_000)),
                    good.deepCopy().put("tenant_id", "globex"))) {
                raw.send(new ProducerRecord<>(topics.topics.name(Topic.TIMELINE), "acme/inc-1", json.writeValueAsBytes(bad)))
                        .get(30, TimeUnit.SECONDS);
            }
            raw.send(new ProducerRecord<>(topics.topics.name(Topic.TIMELINE), "acme/inc-1",
                    "{\"event_type\":\"IncidentDetected\"".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        try (var writer = new TimelineWriter(endpoints.kafka(), topics.topics)) {
            writer.writeAll(history);
        }
    }

    private static ObjectNode withPayload(ObjectNode event, String field, String value) {
        var copy = event.deepCopy();
        var payload = (ObjectNode) copy.get("payload");
        if (value == null) {
            payload.remove(field);
        } else {
            payload.put(field, value);
        }
        return copy;
    }

    /** Projects until no partition has anything left, rejections published on the way included. */
    private static void projectUntilIdle(String schema, int maxPollRecords, Projector.BeforeCommit beforeCommit) throws Exception {
        projectUntilIdle(schema, maxPollRecords, beforeCommit, Projector.CACHED_INCIDENTS);
    }

    private static void projectUntilIdle(String schema, int maxPollRecords, Projector.BeforeCommit beforeCommit,
            int cachedIncidents) throws Exception {
        schemas.migrate(schema);
        try (var reader = new TimelineReader(endpoints.kafka(), topics.topics, Replay.AGENT, maxPollRecords);
                var writer = new TimelineWriter(endpoints.kafka(), topics.topics);
                var projector = new Projector(reader, writer, schemas, schema, beforeCommit, cachedIncidents)) {
            while (projector.lag() > 0) {
                projector.catchUp(POLL, () -> { });
            }
        }
    }

    private static List<String> content(List<String> dump) {
        return dump.stream().filter(row -> row.startsWith("{")).toList(); // incidents and events, not offsets
    }

    @Test
    void theReadModelShowsWhatTheHistorySays() throws Exception {
        var rows = new ArrayList<String>();
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT tenant_id, incident_id, status, cycle, service FROM readmodel.incidents"
                        + " ORDER BY tenant_id, incident_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getInt(4) + "|" + rs.getString(5));
            }
        }
        assertThat(rows).containsExactly(EXPECTED_INCIDENTS);
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            // The two racing runs are one fact; the lower offset (written first) won.
            try (var rs = statement.executeQuery("SELECT event->'payload'->>'hypothesis' FROM readmodel.timeline_events"
                    + " WHERE tenant_id = 'acme' AND incident_id = 'inc-2' AND event_type = 'RootCauseProposed'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("pool exhausted");
                assertThat(rs.next()).isFalse();
            }
            // Each bad record became an EventRejected of acme/inc-1 naming its reason, shown among its failures.
            var details = new ArrayList<String>();
            try (var rs = statement.executeQuery("SELECT f->>'kind', f->>'detail' FROM readmodel.incidents,"
                    + " jsonb_array_elements(view->'failures') f WHERE tenant_id = 'acme' AND incident_id = 'inc-1'")) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).isEqualTo("EVENT_REJECTED");
                    details.add(rs.getString(2));
                }
            }
            assertThat(details).hasSize(6);
            assertThat(String.join("\n", details)).contains("tenant_id is missing", "event_type 'IncidentExploded' is unknown",
                    "payload does not match IncidentDetected: service is missing", "over the limit of 1048576",
                    "the record key's tenant 'acme' differs from tenant_id 'globex'", "not JSON");
            // The memory remembers the one resolved cycle (acme/inc-1), with what was found, drafted and judged; the
            // suppressed incident and the reopened one are not remembered.
            try (var rs = statement.executeQuery("SELECT tenant_id, incident_id, cycle, resolved_at, resolution, category,"
                    + " hypothesis, fix, verdict, assessment, vector_dims(embedding) FROM readmodel.memory")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), String.valueOf(rs.getInt(3)))).containsExactly("acme", "inc-1", "1");
                assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(T0.plusSeconds(901));
                assertThat(List.of(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10))).containsExactly("evaluation passed", "missing_config", "JWT_SECRET missing",
                        "read the secret", "pass", "gone");
                assertThat(rs.getInt(11)).isEqualTo(384);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void replayFromOffsetZeroRebuildsTheSameReadModelWhileReadsGoOn() throws Exception {
        var reading = new AtomicBoolean(true);
        var reads = new AtomicInteger();
        var fewestRows = new AtomicInteger(Integer.MAX_VALUE);
        var readError = new AtomicReference<Throwable>();
        var reader = new Thread(() -> {
            try (var connection = database.connect(); var statement = connection.createStatement()) {
                while (reading.get()) {
                    try (var rs = statement.executeQuery("SELECT count(*) FROM readmodel.incidents")) {
                        rs.next();
                        fewestRows.accumulateAndGet(rs.getInt(1), Math::min);
                        reads.incrementAndGet();
                    }
                }
            } catch (Throwable e) {
                readError.set(e);
            }
        });
        reader.start();
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE settings.api_tokens_marker (token text)"); // stands for data not derived from Kafka
            statement.execute("INSERT INTO settings.api_tokens_marker VALUES ('kept')");
        }
        var progress = new ByteArrayOutputStream();
        Replay.Summary summary;
        try {
            summary = Replay.run(endpoints, topics.topics, new PrintStream(progress, true, StandardCharsets.UTF_8));
        } finally {
            reading.set(false);
            reader.join(10_000);
        }
        assertThat(readError.get()).as("reads during the rebuild").isNull();
        assertThat(reads.get()).isGreaterThan(0);
        assertThat(fewestRows.get()).as("the read model never went blank").isEqualTo(EXPECTED_INCIDENTS.length);
        assertThat(summary.rejected()).isEqualTo(6);
        assertThat(content(database.dump(ReadModelSchemas.LIVE))).isEqualTo(content(reference));
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT token FROM settings.api_tokens_marker")) {
            assertThat(rs.next()).as("the settings schema survives a rebuild").isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void aProjectorKilledBeforeItsCommitLosesAndDoublesNothing() throws Exception {
        assertThatThrownBy(() -> projectUntilIdle("crashed", 3, batch -> {
            if (batch == 3) {
                throw new IllegalStateException("injected crash between writing rows and committing");
            }
        })).hasMessageContaining("injected crash");
        projectUntilIdle("crashed", 3, batch -> { });
        assertThat(content(database.dump("crashed"))).isEqualTo(content(reference));
    }

    @Test
    void aFailedBatchIsReadAgainWhenTheSameProjectorGoesOn() throws Exception {
        schemas.migrate("retried");
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        try (var reader = new TimelineReader(endpoints.kafka(), topics.topics, Replay.AGENT, 4);
                var writer = new TimelineWriter(endpoints.kafka(), topics.topics);
                var projector = new Projector(reader, writer, schemas, "retried", batch -> {
                    if (batch > 1 && batch % 4 == 1) { // batches 5, 9, 13, …: each fails once, its retry is the next number
                        failures.incrementAndGet();
                        throw new IllegalStateException("a transient failure");
                    }
                })) {
            while (projector.lag() > 0) {
                try {
                    projector.catchUp(POLL, () -> { });
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("a transient failure");
                }
            }
        }
        assertThat(failures.get()).isGreaterThan(1);
        assertThat(content(database.dump("retried"))).isEqualTo(content(reference));
    }

    @Test
    void everyRecordDeliveredTwiceLeavesTheSameReadModel() throws Exception {
        projectUntilIdle("twice", 5, batch -> { });
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE twice.projector_offsets SET next_offset = 0"); // everything comes again
        }
        projectUntilIdle("twice", 5, batch -> { });
        assertThat(content(database.dump("twice"))).isEqualTo(content(reference));
    }

    @Test
    void aProjectorThatKeepsOneIncidentInMemoryBuildsTheSameReadModel() throws Exception {
        // Every batch touches several incidents, so each one is evicted and reloaded from Postgres again and again.
        projectUntilIdle("tiny_cache", 6, batch -> { }, 1);
        assertThat(content(database.dump("tiny_cache"))).isEqualTo(content(reference));
    }

    @Test
    void aStaleProjectorIsFencedAndWritesNothing() throws Exception {
        schemas.migrate("fenced");
        try (var oldReader = new TimelineReader(endpoints.kafka(), topics.topics, Replay.AGENT, 4);
                var newReader = new TimelineReader(endpoints.kafka(), topics.topics, Replay.AGENT, 4);
                var writer = new TimelineWriter(endpoints.kafka(), topics.topics);
                var stale = new Projector(oldReader, writer, schemas, "fenced", batch -> { });
                var current = new Projector(newReader, writer, schemas, "fenced", batch -> { })) {
            while (current.step(POLL) == 0) {
                // the first poll after assignment may come back empty
            }
            long eventsBefore = countEvents("fenced");
            assertThatThrownBy(() -> {
                while (true) {
                    stale.step(POLL);
                }
            }).isInstanceOf(Projector.StaleWriterException.class);
            assertThat(countEvents("fenced")).isEqualTo(eventsBefore);
        }
    }

    private static long countEvents(String schema) throws Exception {
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT count(*) FROM " + schema + ".timeline_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
