package dev.debugd.bench;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import dev.debugd.api.ApiServer;
import dev.debugd.config.Endpoints;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.ingest.EvidenceStore;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.signature.GroupingSettings;
import dev.debugd.store.Postgres;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * The incident list through the API (token check, query, JSON) at a read model of many incidents, under concurrent
 * clients, beside the same pages read with hand-written SQL over JDBC on as many threads: the raw ceiling. Both
 * paths ask the same sequence of pages (first pages, filters, the pages after a cursor). Runs on a database of its
 * own, dropped afterwards.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Incident list latency: GET /v1/incidents vs. the same pages in raw SQL, at many incidents.")
public final class ApiBenchmark implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] STATUSES = {"DETECTED", "CONTEXT_BUILT", "ROOT_CAUSE_PROPOSED", "FIX_PROPOSED", "RESOLVED"};
    private static final int SERVICES = 20;
    private static final int PAGE = 50;

    @Option(names = "--incidents", defaultValue = "100000", description = "Incidents in the read model (default ${DEFAULT-VALUE}).")
    int incidents;

    @Option(names = "--tenants", defaultValue = "1", description = "Tenants they belong to; each request lists one tenant's"
            + " (default ${DEFAULT-VALUE}: all in one list, the largest).")
    int tenants;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients, for both paths (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--requests", defaultValue = "4000", description = "Measured asks per path, each a first page or one to five"
            + " pages after it (default ${DEFAULT-VALUE}).")
    int requests;

    private final PrintStream progress = System.err;

    /** One page to ask for: a tenant, filters, and how many pages after the first (followed by cursor). */
    private record Ask(int tenant, String status, String service, int pagesAfterFirst) {}

    @Override
    public Integer call() throws Exception {
        if (incidents < 1000 || tenants < 1 || tenants > 100 || clients < 1 || clients > 64 || requests < clients) {
            throw new IllegalArgumentException("need --incidents ≥ 1000, --tenants 1-100, --clients 1-64, --requests ≥ --clients");
        }
        var endpoints = Endpoints.fromEnvironment();
        try (var scratch = ScratchDatabase.create(endpoints.postgres(), "bench_" + UUID.randomUUID().toString().substring(0, 8) + "_api")) {
            var pg = scratch.postgres;
            var postgres = new Postgres(pg);
            new ReadModelSchemas(pg).migrate(ReadModelSchemas.LIVE);
            try (var pool = postgres.pool("bench-api", clients + 4)) {
                progress.printf("bench api: filling the read model with %,d incidents of %d tenant(s) …%n", incidents, tenants);
                long fillStarted = System.nanoTime();
                fill(pool);
                progress.printf("bench api: filled in %.1f s%n", (System.nanoTime() - fillStarted) / 1e9);
                var tokens = new ArrayList<String>();
                var apiTokens = new ApiTokens(pool);
                for (int t = 0; t < tenants; t++) {
                    tokens.add(apiTokens.create(tenant(t), "bench", Set.of(Scope.READ), "bench"));
                }
                var clickhouse = new ClickHouseHttp(endpoints.clickhouse(), "default");
                var clock = Clock.systemUTC();
                var grid = new BucketGrid(Duration.ofSeconds(60), Duration.ofMinutes(2));
                try (var server = ApiServer.start(0, clickhouse, pool, new EvidenceStore(clickhouse, pool, grid,
                        (t, moment) -> GroupingSettings.DEFAULTS, clock), events -> {
                            throw new IllegalStateException("the API benchmark records no facts");
                        }, clock)) {
                    var base = URI.create("http://127.0.0.1:" + server.port());
                    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    var warmup = asks(Math.max(clients, requests / 4), 99);
                    var asks = asks(requests, 7);
                    progress.printf("bench api: warming up (%d requests per path) …%n", warmup.size());
                    measure(warmup, (ask, timed) -> api(http, base, tokens, ask, timed));
                    measure(warmup, (ask, timed) -> raw(pool, ask, timed));
                    progress.printf("bench api: %d asks per path (one to six pages each) on %d clients …%n", asks.size(), clients);
                    var raw = measure(asks, (ask, timed) -> raw(pool, ask, timed));
                    var api = measure(asks, (ask, timed) -> api(http, base, tokens, ask, timed));
                    var table = List.of(
                            row("raw SQL of the same pages (JDBC)", raw, "ceiling"),
                            row("GET /v1/incidents", api, String.format("%.1f× the raw p95", api[1] / raw[1])));
                    var results = new LinkedHashMap<String, Double>();
                    results.put("p50_ms", api[0]);
                    results.put("p95_ms", api[1]);
                    results.put("p99_ms", api[2]);
                    results.put("raw_p95_ms", raw[1]);
                    results.put("incidents", (double) incidents);
                    var report = new BenchReport(List.of("path", "p50 ms", "p95 ms", "p99 ms", "requests/s", "against the ceiling"),
                            table, results);
                    System.out.print(report.markdown());
                    System.out.println(report.resultLine());
                }
            }
        }
        return 0;
    }

    /**
     * Incidents one every 37 s from {@link #FIRST}, tenants, statuses and services in turns of different lengths (so
     * every combination occurs), each with a view of about 2 KB (as a real one with a few hypotheses and a fix), in one
     * statement.
     */
    private void fill(DataSource pool) throws SQLException {
        try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + ReadModelSchemas.LIVE + ".incidents (tenant_id, incident_id, status, cycle, service,"
                    + " signature, detected_at, last_event_at, event_count, view, rule, top_hypothesis, top_category, top_confidence)"
                    + " SELECT 'bench-t' || (i % " + tenants + "), 'inc-' || lpad(i::text, 8, '0'),"
                    + " (ARRAY['" + String.join("','", STATUSES) + "'])[1 + (i / 3) % " + STATUSES.length + "], 1,"
                    + " 'svc-' || ((i / 7) % " + SERVICES + "), 'sig-' || (i % 500), ts, ts + interval '5 minutes', 6,"
                    + " jsonb_build_object('detection', jsonb_build_object('title', 'Incident ' || i, 'rule', 'novelty'),"
                    + "   'hypotheses', jsonb_build_array(jsonb_build_object('hypothesis', repeat('a hypothesis ', 60),"
                    + "   'confidence', 0.7)), 'fix_drafts', jsonb_build_array(jsonb_build_object('summary', repeat('a fix ', 150)))),"
                    + " (ARRAY['novelty','error_rate','frequency_spike'])[1 + i % 3], 'hypothesis ' || i,"
                    + " (ARRAY['code_defect','dependency_timeout','unknown'])[1 + i % 3], (i % 100) / 100.0"
                    + " FROM generate_series(1, " + incidents + ") AS i,"
                    + " LATERAL (SELECT timestamptz '" + FIRST + "' + i * interval '37 seconds' AS ts) AS t");
            statement.execute("ANALYZE " + ReadModelSchemas.LIVE + ".incidents");
        }
    }

    /** The requests both paths make, in order: a third first pages, a third filtered, a third pages after the first. */
    private List<Ask> asks(int count, long seed) {
        var random = new Random(seed);
        var asks = new ArrayList<Ask>(count);
        for (int i = 0; i < count; i++) {
            int tenant = random.nextInt(tenants);
            asks.add(switch (i % 3) {
                case 0 -> new Ask(tenant, null, null, 0);
                case 1 -> new Ask(tenant, STATUSES[random.nextInt(STATUSES.length)], "svc-" + random.nextInt(SERVICES), 0);
                default -> new Ask(tenant, null, null, 1 + random.nextInt(5));
            });
        }
        return asks;
    }

    /** The ask's pages through the API, each timed; a later page's cursor is the page before's. */
    private static int api(HttpClient http, URI base, List<String> tokens, Ask ask, LongConsumer timed) throws Exception {
        var query = new StringBuilder("/v1/incidents?limit=" + PAGE);
        if (ask.status() != null) {
            query.append("&status=").append(ask.status().toLowerCase(Locale.ROOT)).append("&service=").append(ask.service());
        }
        String cursor = null;
        int listed = 0;
        for (int page = 0; page <= ask.pagesAfterFirst(); page++) {
            var uri = base.resolve(query + (cursor == null ? "" : "&cursor=" + cursor));
            long start = System.nanoTime();
            var response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + tokens.get(ask.tenant())).build(),
                    HttpResponse.BodyHandlers.ofString());
            timed.accept(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            var body = JSON.readTree(response.body());
            listed = body.get("incidents").size();
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asString();
        }
        return listed;
    }

    /**
     * The same pages in SQL written here, apart from the API's: the tenant's newest detections, filtered, after a
     * cursor; each page timed from taking a pooled connection to its last row.
     */
    private int raw(DataSource pool, Ask ask, LongConsumer timed) throws SQLException {
        Timestamp afterTime = null;
        String afterId = null;
        int listed = 0;
        for (int page = 0; page <= ask.pagesAfterFirst(); page++) {
            long start = System.nanoTime();
            try (var connection = pool.getConnection()) {
                var sql = "SELECT incident_id, status, cycle, service, signature, rule, view -> 'detection' ->> 'title', detected_at,"
                        + " last_event_at, top_hypothesis, top_category, top_confidence FROM " + ReadModelSchemas.LIVE + ".incidents"
                        + " WHERE tenant_id = ? AND detected_at IS NOT NULL"
                        + (ask.status() != null ? " AND status = ANY (?) AND service = ?" : "")
                        + (afterTime != null ? " AND (detected_at, incident_id) < (?, ?)" : "")
                        + " ORDER BY detected_at DESC, incident_id DESC LIMIT " + (PAGE + 1);
                try (var select = connection.prepareStatement(sql)) {
                    int i = 1;
                    select.setString(i++, tenant(ask.tenant()));
                    if (ask.status() != null) {
                        select.setArray(i++, connection.createArrayOf("text", new String[] {ask.status()}));
                        select.setString(i++, ask.service());
                    }
                    if (afterTime != null) {
                        select.setTimestamp(i++, afterTime);
                        select.setString(i, afterId);
                    }
                    listed = 0;
                    try (var rows = select.executeQuery()) {
                        while (rows.next() && listed < PAGE) {
                            listed++;
                            afterId = rows.getString(1);
                            afterTime = rows.getTimestamp(8);
                        }
                    }
                }
            }
            timed.accept(System.nanoTime() - start);
        }
        return listed;
    }

    private interface Request {
        /** Asks for the ask's pages, passing each page's time in ns; returns how many the last page listed. */
        int run(Ask ask, LongConsumer timed) throws Exception;
    }

    /** Runs the asks on the clients; returns p50, p95, p99 of one page request's time in ms, and requests per second. */
    private double[] measure(List<Ask> asks, Request request) throws Exception {
        var times = new ConcurrentLinkedQueue<Long>();
        var listed = new AtomicLong();
        var executor = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            var futures = new ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(executor.submit(() -> {
                    for (int i = client; i < asks.size(); i += clients) {
                        listed.addAndGet(request.run(asks.get(i), times::add));
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (listed.get() == 0) {
            throw new IllegalStateException("no page listed any incident");
        }
        var sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99), sorted.length / seconds};
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static List<String> row(String path, double[] figures, String against) {
        return List.of(path, String.format("%.1f", figures[0]), String.format("%.1f", figures[1]), String.format("%.1f", figures[2]),
                String.format("%.0f", figures[3]), against);
    }

    private static String tenant(int t) {
        return "bench-t" + t;
    }
}
