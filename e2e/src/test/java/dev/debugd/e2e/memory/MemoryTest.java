package dev.debugd.e2e.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.config.Endpoints;
import dev.debugd.context.MemorySearch;
import dev.debugd.context.PastIncidentSearch;
import dev.debugd.context.snapshot.Context;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.memory.Neighbour;
import dev.debugd.memory.store.MemoryStore;
import dev.debugd.memory.store.MiniLmEmbeddings;
import dev.debugd.readmodel.Projector;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.readmodel.Replay;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The memory of past incidents on the real stack (issue 26): the projector embeds each resolved cycle into pgvector in
 * the read model; a search sees only its tenant's incidents resolved before the new one was detected, waits for the
 * projector to catch up with the timeline, and gives the same neighbours after a replay from offset 0.
 */
class MemoryTest {

    private static final Instant T0 = Instant.parse("2026-11-03T08:00:00Z");
    /** When the new incident, the one that searches, was detected. */
    private static final Instant DETECTED = T0.plusSeconds(2 * 3600);
    private static final String POOL_TITLE = "New error in orders-api: org.springframework.jdbc.CannotGetJdbcConnectionException";
    private static final String POOL_CAUSE = "A connection pool of orders-api is exhausted: HikariPool-1 - Connection is not"
            + " available, request timed out after 30000ms.";
    /** What the new incident searches with, as MemoryQuery writes it: a pool exhaustion of orders-api again. */
    private static final String QUERY = """
            service orders-api
            signature sig-pool
            Spike of org.springframework.jdbc.CannotGetJdbcConnectionException in orders-api
            org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection
            caused by java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.""";

    private static Endpoints endpoints;
    private static TestTopics topics;
    private static TestDatabase database;
    private static ReadModelSchemas schemas;

    @BeforeAll
    static void rememberAndProject() throws Exception {
        endpoints = LocalStack.requireKafka();
        LocalStack.requirePostgres();
        topics = new TestTopics(endpoints.kafka(), 3);
        database = TestDatabase.withPgvector();
        endpoints = new Endpoints(endpoints.kafka(), endpoints.sqs(), endpoints.clickhouse(), database.postgres);
        schemas = new ReadModelSchemas(database.postgres);
        schemas.migrate(ReadModelSchemas.LIVE);
        var history = new ArrayList<Event>();
        // acme/pool-1: the pool exhaustion, resolved before the new incident was detected: the one to find.
        incident(history, "acme", "pool-1", "orders-api", "sig-pool", POOL_TITLE, 0, POOL_CAUSE,
                RootCauseCategory.POOL_EXHAUSTION, "Raise the pool to 40 and close leaked connections", 30);
        // acme/pool-2: the same failure again, but resolved only after the new incident's detection: never found by it.
        incident(history, "acme", "pool-2", "orders-api", "sig-pool", POOL_TITLE, 100, POOL_CAUSE,
                RootCauseCategory.POOL_EXHAUSTION, "Raise the pool to 40 and close leaked connections", 180);
        // globex/pool-9: the same words in another tenant: never found by acme.
        incident(history, "globex", "pool-9", "orders-api", "sig-pool", POOL_TITLE, 0, POOL_CAUSE,
                RootCauseCategory.POOL_EXHAUSTION, "Raise the pool to 40 and close leaked connections", 20);
        // acme/dns-3: another failure of another service, resolved in time: not alike enough to be listed.
        incident(history, "acme", "dns-3", "geo-router", "sig-dns", "New error in geo-router: lookup timeout", 10,
                "A host geo-router calls does not resolve: lookup coredns.kube-system: i/o timeout",
                RootCauseCategory.DNS_OR_NETWORK, "Point the resolver at the node-local cache", 40);
        write(history);
        project();
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

    /** An incident detected at {@code minute}, its root cause, fix, a passed evaluation and its resolution at {@code resolvedMinute}. */
    private static void incident(List<Event> history, String tenant, String id, String service, String signature, String title,
            int minute, String hypothesis, RootCauseCategory category, String fix, int resolvedMinute) {
        history.add(Event.create(T0.plusSeconds(60L * minute), tenant, id, 1, new Payload.IncidentDetected(service, signature, 1,
                "novelty", T0.plusSeconds(60L * minute), Map.of(), "detector", title), new Event.Agent("detector", "1"),
                IdempotencyKey.episode(tenant, id), null));
        history.add(fact(tenant, id, minute + 2, new Payload.RootCauseProposed(hypothesis, category, 0.8, List.of(), null)));
        history.add(fact(tenant, id, minute + 5, new Payload.FixDrafted(fix, "diff", null)));
        history.add(fact(tenant, id, resolvedMinute - 1, new Payload.EvaluationCompleted(true, Map.of(),
                "Pass: the signature stopped after the deploy", null, "pass", "signature_gone")));
        history.add(fact(tenant, id, resolvedMinute, new Payload.IncidentResolved("evaluation_passed", null)));
    }

    private static Event fact(String tenant, String id, int minute, Payload payload) {
        var type = EventType.of(payload);
        return Event.create(T0.plusSeconds(60L * minute), tenant, id, 1, payload, new Event.Agent(type.wireName() + "-agent", "1"),
                IdempotencyKey.task(tenant, id, type, EventType.INCIDENT_DETECTED, "1", 1), null);
    }

    private static void write(List<Event> events) throws Exception {
        try (var writer = new TimelineWriter(endpoints.kafka(), topics.topics)) {
            writer.writeAll(events);
        }
    }

    /** Projects the live read model until no partition has anything left. */
    private static void project() throws Exception {
        try (var reader = new TimelineReader(endpoints.kafka(), topics.topics, Replay.AGENT, 100);
                var writer = new TimelineWriter(endpoints.kafka(), topics.topics);
                var projector = new Projector(reader, writer, schemas, ReadModelSchemas.LIVE, batch -> { })) {
            while (projector.lag() > 0) {
                projector.catchUp(Duration.ofMillis(300), () -> { });
            }
        }
    }

    private static Context.Incident searching(String tenant) {
        return new Context.Incident(tenant, "new-1", 1, "orders-api", "frequency_spike", "sig-pool", 1,
                "Spike of org.springframework.jdbc.CannotGetJdbcConnectionException in orders-api", DETECTED.minusSeconds(300),
                DETECTED);
    }

    private static MemorySearch search(Duration catchUp, List<Double> millis) {
        return new MemorySearch(new Postgres(database.postgres), endpoints.kafka(), topics.topics, ReadModelSchemas.LIVE, catchUp,
                millis::add);
    }

    private static List<Neighbour> nearest(String tenant, Instant before) throws Exception {
        try (var connection = database.connect()) {
            return new MemoryStore(ReadModelSchemas.LIVE).nearest(connection, tenant, before, MiniLmEmbeddings.shared().embed(QUERY), 10);
        }
    }

    @Test
    void onlyTheTenantsOwnIncidentsResolvedBeforeTheDetectionAreFound() throws Exception {
        var millis = new CopyOnWriteArrayList<Double>();
        PastIncidentSearch.Found found;
        try (var memory = search(Duration.ofSeconds(30), millis)) {
            found = memory.begin().finish(searching("acme"), QUERY);
        }
        assertThat(found.note()).isEmpty();
        assertThat(found.incidents()).extracting(Context.PastIncident::incidentId).containsExactly("pool-1");
        var past = found.incidents().get(0);
        assertThat(List.of(past.service(), past.category(), past.hypothesis(), past.fix(), past.verdict(), past.resolution()))
                .containsExactly("orders-api", "pool_exhaustion", POOL_CAUSE, "Raise the pool to 40 and close leaked connections",
                        "pass", "evaluation passed");
        assertThat(past.resolvedAt()).isEqualTo(T0.plusSeconds(30 * 60));
        assertThat(past.similarity()).isGreaterThanOrEqualTo(0.75);
        assertThat(millis).hasSize(1);

        // What the filters kept out is there: pool-2 for a later detection, pool-9 for its own tenant.
        assertThat(nearest("acme", DETECTED)).extracting(n -> n.entry().incidentId()).containsExactly("pool-1", "dns-3");
        assertThat(nearest("acme", T0.plusSeconds(24 * 3600))).extracting(n -> n.entry().incidentId())
                .containsExactly("pool-1", "pool-2", "dns-3");
        assertThat(nearest("globex", DETECTED)).extracting(n -> n.entry().incidentId()).containsExactly("pool-9");
        assertThat(nearest("initech", DETECTED)).isEmpty();
        // pool-1 and pool-2 read alike to the last word: the tie goes to the lower incident id.
        var later = nearest("acme", T0.plusSeconds(24 * 3600));
        assertThat(later.get(0).distance()).isEqualTo(later.get(1).distance());
    }

    @Test
    void aSearchWaitsForTheProjectorToCatchUpWithTheTimeline() throws Exception {
        try (var memory = search(Duration.ofSeconds(60), new ArrayList<>())) {
            var incident = new Context.Incident("initech", "new-2", 1, "orders-api", "novelty", "sig-pool", 1, POOL_TITLE,
                    DETECTED.minusSeconds(300), DETECTED);
            var history = new ArrayList<Event>();
            incident(history, "initech", "pool-5", "orders-api", "sig-pool", POOL_TITLE, 0, POOL_CAUSE,
                    RootCauseCategory.POOL_EXHAUSTION, "Raise the pool to 40", 30);
            write(history);
            // Begun after the resolution was written, before it was projected: the search must wait for it.
            var pending = memory.begin();
            var projecting = new Thread(() -> {
                try {
                    project();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            projecting.start();
            var found = pending.finish(incident, QUERY);
            projecting.join();
            assertThat(found.note()).isEmpty();
            assertThat(found.incidents()).extracting(Context.PastIncident::incidentId).containsExactly("pool-5");
        }
        // Nothing projects: the search gives up after its wait and says so.
        write(List.of(fact("initech", "pool-5", 200, new Payload.InvestigationReopened("it is back", null))));
        try (var memory = search(Duration.ofSeconds(1), new ArrayList<>())) {
            var found = memory.begin().finish(searching("initech"), QUERY);
            assertThat(found.incidents()).isEmpty();
            assertThat(found.note()).isEqualTo("past_incidents: the memory had not caught up with the timeline within 1 s"
                    + " (is the projector running?)");
        }
        project();
    }

    @Test
    void aTimelineNoReadModelFollowsIsSaidSo() throws Exception {
        try (var other = new TestTopics(endpoints.kafka(), 1);
                var memory = new MemorySearch(new Postgres(database.postgres), endpoints.kafka(), other.topics, ReadModelSchemas.LIVE,
                        Duration.ofSeconds(30), millis -> { })) {
            var found = memory.begin().finish(searching("acme"), QUERY);
            assertThat(found.incidents()).isEmpty();
            assertThat(found.note()).isEqualTo("past_incidents: no read model follows this timeline (no projector has run)");
        }
    }

    @Test
    void replayFromOffsetZeroRebuildsTheSameMemoryAndTheSameNeighbours() throws Exception {
        project();
        List<String> rows;
        try (var connection = database.connect()) {
            rows = new MemoryStore(ReadModelSchemas.LIVE).rows(connection);
        }
        var before = nearest("acme", T0.plusSeconds(24 * 3600));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(4);

        Replay.run(endpoints, topics.topics, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        try (var connection = database.connect()) {
            assertThat(new MemoryStore(ReadModelSchemas.LIVE).rows(connection)).isEqualTo(rows);
        }
        assertThat(nearest("acme", T0.plusSeconds(24 * 3600))).isEqualTo(before);
    }
}
