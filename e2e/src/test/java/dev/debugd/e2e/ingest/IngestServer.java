package dev.debugd.e2e.ingest;

import com.zaxxer.hikari.HikariDataSource;
import dev.debugd.access.ApiTokens;
import dev.debugd.access.AuditTrail;
import dev.debugd.access.Scope;
import dev.debugd.api.ApiServer;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import dev.debugd.ingest.EvidenceStore;
import dev.debugd.ingest.RecordedGrouping;
import dev.debugd.readmodel.Projector;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.readmodel.Replay;
import dev.debugd.signature.GroupingSettings;
import dev.debugd.store.Postgres;
import dev.debugd.tasks.LedgerTasks;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.webhooks.GitHubWebhookEndpoints;
import dev.debugd.webhooks.SentryWebhookEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The API on the real stack for a test: a Postgres database, a ClickHouse database and Kafka topics of its own, a
 * clock the test sets, and a token for tenant acme. Closing drops them all.
 */
public final class IngestServer implements AutoCloseable {

    /** A clock the test moves. */
    public static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("the test clock is UTC");
        }
    }

    public static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(10), Duration.ofSeconds(20));

    public final TestDatabase database;
    public final ClickHouseHttp clickhouse;
    public final String clickhouseDatabase;
    public final HikariDataSource pool;
    public final ApiTokens tokens;
    public final AuditTrail audit;
    /** acme's token for the facts a person records (scope act), named alice. */
    public final String personToken;
    public final TestClock clock = new TestClock(Instant.parse("2026-05-01T10:00:00Z"));
    public final String token;
    private final List<ApiServer> servers = new ArrayList<>();
    public final URI base;
    public final TestTopics topics;
    /** Tenants' grouping settings as recorded in this server's topics, read again every 100 ms. */
    public final RecordedGrouping grouping;
    public final TimelineWriter writer;
    private final HttpClient http = HttpClient.newHttpClient();

    public IngestServer() throws Exception {
        var endpoints = LocalStack.requireClickHouse();
        LocalStack.requirePostgres();
        database = new TestDatabase();
        clickhouseDatabase = LocalStack.uniqueName("ingest").replace('-', '_');
        new ClickHouseHttp(endpoints.clickhouse(), "default").execute("CREATE DATABASE " + clickhouseDatabase);
        clickhouse = new ClickHouseHttp(endpoints.clickhouse(), clickhouseDatabase);
        new EvidenceSchema(clickhouse).migrate();
        var postgres = new Postgres(database.postgres);
        postgres.migrate("ingest", "ingest");
        pool = postgres.pool("test", 8);
        tokens = new ApiTokens(pool);
        audit = new AuditTrail(pool);
        token = tokens.create("acme", "test", Set.of(Scope.INGEST), "test");
        personToken = tokens.create("acme", "alice", Set.of(Scope.ACT), "test");
        var kafka = LocalStack.requireKafka().kafka();
        topics = new TestTopics(kafka, 3);
        writer = new TimelineWriter(kafka, topics.topics);
        grouping = new RecordedGrouping(new RecordedConfiguration(kafka, topics.topics, new Event.Agent("api", "test")),
                Duration.ofMillis(100));
        base = URI.create("http://127.0.0.1:" + start(clickhouse).port());
    }

    /** Another server on the same databases, talking to this ClickHouse (a dead one, for outage tests). */
    public ApiServer start(ClickHouseHttp evidence) {
        return start(evidence, writer::writeAll);
    }

    /** Another server on the same databases, talking to this ClickHouse and writing facts with {@code timeline}. */
    public ApiServer start(ClickHouseHttp evidence, Consumer<List<Event>> timeline) {
        return start(evidence, timeline, name -> Optional.empty());
    }

    /** The same, with these Integrations for GitHub's webhooks. */
    public ApiServer start(ClickHouseHttp evidence, Consumer<List<Event>> timeline, GitHubWebhookEndpoints.Integrations integrations) {
        var server = ApiServer.start(0, evidence, pool, new EvidenceStore(evidence, pool, GRID,
                grouping, clock), timeline, clock, integrations);
        servers.add(server);
        return server;
    }

    /** Another server on the same databases, with these Integrations for Sentry's webhooks. */
    public ApiServer startWithSentry(SentryWebhookEndpoints.Integrations sentry) {
        var server = ApiServer.start(0, clickhouse, pool, new EvidenceStore(clickhouse, pool, GRID, grouping, clock), writer::writeAll,
                clock, name -> Optional.empty(), sentry, Optional.empty(), Optional.empty());
        servers.add(server);
        return server;
    }

    /** Another server on the same databases that also serves the task API from this ledger and timeline. */
    public ApiServer startWithTaskApi(LedgerTasks tasks) {
        var server = ApiServer.start(0, clickhouse, pool, new EvidenceStore(clickhouse, pool, GRID, grouping, clock), writer::writeAll,
                clock, name -> Optional.empty(), Optional.of(tasks));
        servers.add(server);
        return server;
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return post(base, path, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    public HttpResponse<String> post(URI server, String path, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(server.resolve(path)).POST(body).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String bearer() {
        return "Bearer " + token;
    }

    /** The header of alice's act token. */
    public String personBearer() {
        return "Bearer " + personToken;
    }

    public long count(String sql) throws Exception {
        var rows = clickhouse.query(sql);
        return rows.get(0).properties().iterator().next().getValue().asLong();
    }

    /** Every figure the views hold for a tenant, as one line: equal lines mean the views counted the same. */
    public String viewFigures(String tenant) throws Exception {
        var where = " WHERE tenant_id = '" + tenant + "'";
        return "frequency=" + count("SELECT sum(occurrences) AS n FROM error_frequency" + where)
                + " novelty=" + count("SELECT count() AS n FROM error_novelty" + where)
                + " requests=" + count("SELECT sum(total_requests) AS n FROM error_rate" + where)
                + " errors=" + count("SELECT sum(error_requests) AS n FROM error_rate" + where);
    }

    /** Writes these events to this server's topics and projects the topics into its read model (the live schema). */
    public void recordAndProject(List<Event> events) throws Exception {
        writer.writeAll(events);
        var kafka = LocalStack.endpoints().kafka();
        var schemas = new ReadModelSchemas(database.postgres);
        schemas.migrate(ReadModelSchemas.LIVE);
        try (var timeline = new TimelineReader(kafka, topics.topics, Replay.AGENT, 500);
                var rejections = new TimelineWriter(kafka, topics.topics);
                var projector = new Projector(timeline, rejections, schemas, ReadModelSchemas.LIVE, batch -> { })) {
            projector.catchUp(Duration.ofMillis(200), () -> { });
        }
    }

    /** Every event on the test's timeline topic, read from offset 0 to its end. */
    public List<Event> timeline() {
        try (var reader = new TimelineReader(LocalStack.endpoints().kafka(), topics.topics, Replay.AGENT, 500)) {
            var partitions = reader.partitions();
            var start = new HashMap<org.apache.kafka.common.TopicPartition, Long>();
            partitions.forEach(p -> start.put(p, 0L));
            reader.assign(start);
            var end = reader.endOffsets(partitions);
            var position = new HashMap<>(start);
            var events = new ArrayList<Event>();
            while (end.entrySet().stream().anyMatch(e -> position.get(e.getKey()) < e.getValue())) {
                var batch = reader.poll(Duration.ofSeconds(1));
                batch.records().forEach(r -> events.add(r.event()));
                position.putAll(batch.nextOffsets());
            }
            return events;
        }
    }

    @Override
    public void close() throws Exception {
        for (var server : servers) {
            server.close();
        }
        grouping.close();
        writer.close();
        topics.close();
        pool.close();
        clickhouse.execute("DROP DATABASE IF EXISTS " + clickhouseDatabase);
        database.close();
    }
}
