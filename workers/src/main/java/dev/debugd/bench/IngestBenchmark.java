package dev.debugd.bench;

import dev.debugd.api.ApiServer;
import dev.debugd.config.Endpoints;
import dev.debugd.detect.DetectorCursors;
import dev.debugd.detect.EvidenceViews;
import dev.debugd.detect.IncidentDetector;
import dev.debugd.detect.rules.DetectionSettings;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import dev.debugd.ingest.EvidenceRows;
import dev.debugd.ingest.EvidenceStore;
import dev.debugd.ingest.IngestBody;
import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import dev.debugd.signature.GroupingSettings;
import dev.debugd.store.Postgres;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Log rows through the HTTP ingest endpoint (parsing, checks, signatures, the batch ledger, ClickHouse) beside a raw
 * JSONEachRow insert of the very same rows over ClickHouse's HTTP interface, same batches, same threads, views
 * attached in both databases; then one detector pass over what was stored. Runs on databases of its own, dropped
 * afterwards.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest throughput: the HTTP ingest endpoint vs. a raw JSONEachRow insert of the same rows, then a detector pass.")
public final class IngestBenchmark implements Callable<Integer> {

    private static final int ROUNDS = 4;
    private static final Instant DATA_END = Instant.parse("2026-05-01T12:00:00Z");
    private static final Duration DATA_SPAN = Duration.ofHours(2);
    /** Lateness beyond the data's span: every row is on time when it is sent. */
    private static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(60), Duration.ofHours(3));
    private static final String[] WORDS = {"order", "cart", "user", "payment", "session", "token", "cache", "queue", "retry",
        "shipment", "invoice", "search", "index", "price", "stock", "coupon"};

    @Option(names = "--rows", defaultValue = "1000000", description = "Log rows (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--tenants", defaultValue = "4", description = "Tenants the rows belong to (default ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--batch", defaultValue = "10000", description = "Rows per batch, for both paths (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", defaultValue = "2", description = "Client threads, for both paths (default ${DEFAULT-VALUE}).")
    int threads;

    private final PrintStream progress = System.err;

    /** One batch: whose it is, its body for the endpoint and its rows for the raw insert. */
    private record Batch(String token, byte[] body, List<String> rawRows, int size) {}

    /** @param rounds each round's rows per second, as text; empty for a single run */
    private record Phase(String name, long rows, double seconds, List<String> rounds) {
        Phase(String name, long rows, double seconds) {
            this(name, rows, seconds, List.of());
        }

        double perSecond() {
            return rows / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (rows < 1000 || tenants < 1 || tenants > 100 || batch < 1 || batch > IngestBody.MAX_RECORDS || threads < 1 || threads > 16) {
            throw new IllegalArgumentException("need --rows ≥ 1000, --tenants 1-100, --batch 1-" + IngestBody.MAX_RECORDS + ", --threads 1-16");
        }
        var endpoints = Endpoints.fromEnvironment();
        var id = UUID.randomUUID().toString().substring(0, 8);
        var ingestDb = "bench_" + id + "_ingest";
        var rawDb = "bench_" + id + "_raw";
        var admin = new ClickHouseHttp(endpoints.clickhouse(), "default");
        try (var scratch = ScratchDatabase.create(endpoints.postgres(), "bench_" + id)) {
            admin.execute("CREATE DATABASE " + ingestDb);
            admin.execute("CREATE DATABASE " + rawDb);
            var ingestClickhouse = new ClickHouseHttp(endpoints.clickhouse(), ingestDb);
            var rawClickhouse = new ClickHouseHttp(endpoints.clickhouse(), rawDb);
            new EvidenceSchema(ingestClickhouse).migrate();
            new EvidenceSchema(rawClickhouse).migrate();
            var postgres = new Postgres(scratch.postgres);
            postgres.migrate("ingest", "ingest");
            postgres.migrate(DetectorCursors.SCHEMA, "detector");
            try (var pool = postgres.pool("bench", threads + 2)) {
                var tokens = new ApiTokens(pool);
                var clock = Clock.fixed(DATA_END.plusSeconds(60), ZoneOffset.UTC);
                progress.printf("bench ingest: preparing %d rows for %d tenants in batches of %d%n", rows, tenants, batch);
                var warmup = batches(tokens, "warmup", Math.max(1000, rows / 10), 99);
                var measured = new ArrayList<Batch>();
                for (int t = 0; t < tenants; t++) {
                    measured.addAll(batches(tokens, "tenant-" + t, rows / tenants + (t < rows % tenants ? 1 : 0), t));
                }
                Collections.shuffle(measured, new Random(7)); // tenants interleaved, as from many shippers
                try (var server = ApiServer.start(0, ingestClickhouse, pool, new EvidenceStore(ingestClickhouse, pool, GRID, (t, moment) -> GroupingSettings.DEFAULTS, clock),
                        events -> { throw new IllegalStateException("the ingest benchmark writes no events"); }, clock)) {
                    var url = URI.create("http://127.0.0.1:" + server.port() + "/v1/ingest");
                    var http = HttpClient.newHttpClient();
                    run("warm-up", warmup, b -> post(http, url, b), false);
                    run("warm-up", warmup, b -> rawClickhouse.insert("log_lines", b.rawRows()), false);
                    // Rounds alternate, so drift on a shared machine falls on both paths alike; each path's figure is the
                    // median of its rounds, so one round caught by a background merge does not decide it.
                    var raws = new ArrayList<Phase>();
                    var ingests = new ArrayList<Phase>();
                    for (int round = 0; round < ROUNDS; round++) {
                        var part = measured.subList(measured.size() * round / ROUNDS, measured.size() * (round + 1) / ROUNDS);
                        raws.add(run("raw insert", part, b -> rawClickhouse.insert("log_lines", b.rawRows()), true));
                        ingests.add(run("ingest endpoint", part, b -> post(http, url, b), true));
                    }
                    var raw = median("raw JSONEachRow insert", raws);
                    var ingest = median("HTTP ingest endpoint", ingests);
                    var tenantsIs = " WHERE tenant_id != 'warmup'";
                    long storedIngest = count(ingestClickhouse, "SELECT count() AS n FROM log_lines" + tenantsIs);
                    long storedRaw = count(rawClickhouse, "SELECT count() AS n FROM log_lines" + tenantsIs);
                    long late = count(ingestClickhouse, "SELECT count() AS n FROM late_arrivals");
                    if (storedIngest != rows || storedRaw != rows || ingest.rows() != rows || raw.rows() != rows || late != 0) {
                        throw new IllegalStateException("rows differ: sent " + rows + ", stored through the endpoint " + storedIngest
                                + " (" + late + " late), stored raw " + storedRaw);
                    }
                    long viewIngest = count(ingestClickhouse, "SELECT sum(occurrences) AS n FROM error_frequency" + tenantsIs);
                    long viewRaw = count(rawClickhouse, "SELECT sum(occurrences) AS n FROM error_frequency" + tenantsIs);
                    if (viewIngest != viewRaw) {
                        throw new IllegalStateException("the views differ: " + viewIngest + " vs " + viewRaw + " error occurrences");
                    }
                    // One detector pass over everything stored, every bucket closed.
                    var detected = new AtomicInteger();
                    var after = Clock.fixed(DATA_END.plus(GRID.lateness()).plus(GRID.width()).plusSeconds(30), ZoneOffset.UTC);
                    var detector = new IncidentDetector(new EvidenceViews(ingestClickhouse, GRID), new DetectorCursors(pool),
                            events -> detected.addAndGet(events.size()), GRID, Duration.ofSeconds(10), IncidentDetector.RecordedSettings.defaults(), after);
                    long started = System.nanoTime();
                    detector.runOnce();
                    double detectMs = (System.nanoTime() - started) / 1e6;
                    var table = List.of(
                            List.of(raw.name(), String.valueOf(raw.rows()), String.format("%.0f", raw.perSecond()),
                                    String.join(" / ", raw.rounds()), "ceiling"),
                            List.of(ingest.name(), String.valueOf(ingest.rows()), String.format("%.0f", ingest.perSecond()),
                                    String.join(" / ", ingest.rounds()), String.format("%.1f %%", 100 * ingest.perSecond() / raw.perSecond())),
                            List.of("detector pass (" + (tenants + 1) + " tenants, " + detected.get() + " incidents)", String.valueOf(storedIngest),
                                    "", String.format("%.0f ms", detectMs), String.format("%.0f ms per tenant", detectMs / (tenants + 1))));
                    var results = new LinkedHashMap<String, Double>();
                    results.put("ingest_rows_per_s", ingest.perSecond());
                    results.put("raw_rows_per_s", raw.perSecond());
                    results.put("detect_ms", detectMs);
                    results.put("tenants", (double) tenants + 1);
                    var report = new BenchReport(List.of("path", "rows", "rows/s (median of " + ROUNDS + " rounds)", "each round",
                            "share of its ceiling"), table, results);
                    System.out.print(report.markdown());
                    System.out.println(report.resultLine());
                }
            }
        } finally {
            admin.execute("DROP DATABASE IF EXISTS " + ingestDb);
            admin.execute("DROP DATABASE IF EXISTS " + rawDb);
        }
        return 0;
    }

    /** A tenant's rows in batches: mostly info lines, a tenth errors of a handful of templates per service. */
    private List<Batch> batches(ApiTokens tokens, String tenant, int count, long seed) throws Exception {
        var token = tokens.create(tenant, "bench", Set.of(Scope.INGEST), "bench");
        var random = new Random(seed);
        var bodies = new IngestBody();
        var result = new ArrayList<Batch>();
        long spanSeconds = DATA_SPAN.getSeconds();
        var lines = new ArrayList<LogLine>();
        for (int i = 0; i < count; i++) {
            var service = "svc-" + random.nextInt(6);
            var at = DATA_END.minusSeconds(spanSeconds).plusSeconds(spanSeconds * i / count);
            boolean error = random.nextInt(10) == 0;
            var message = error
                    ? WORDS[random.nextInt(4)] + " " + random.nextInt(100_000) + " failed: " + WORDS[4 + random.nextInt(4)] + " timed out after "
                            + (1000 + random.nextInt(9000)) + " ms"
                    : "served " + WORDS[random.nextInt(WORDS.length)] + " " + random.nextInt(1_000_000) + " for user "
                            + UUID.nameUUIDFromBytes(new byte[] {(byte) random.nextInt(), (byte) i}) + " in " + random.nextInt(500) + " ms";
            lines.add(new LogLine(at, service, error ? "ERROR" : "INFO", message, "/" + WORDS[random.nextInt(WORDS.length)],
                    "deploy-" + (i * 3 / count), "req-" + i, "", "stdout"));
            if (lines.size() == batch || i == count - 1) {
                var batchId = tenant + "-" + result.size();
                var evidence = new Evidence(lines, List.of(), List.of());
                var raw = EvidenceRows.of(tenant, batchId, evidence, moment -> GroupingSettings.DEFAULTS).stream().map(EvidenceRows.Row::json).toList();
                result.add(new Batch(token, bodies.encode(batchId, evidence), raw, lines.size()));
                lines = new ArrayList<>();
            }
        }
        return result;
    }

    private interface Send {
        void send(Batch batch) throws Exception;
    }

    private static void post(HttpClient http, URI url, Batch batch) throws Exception {
        var response = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + batch.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"duplicate\":true")) {
            throw new IllegalStateException("the endpoint did not store a batch: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private Phase run(String name, List<Batch> batches, Send send, boolean report) throws Exception {
        var next = new AtomicInteger();
        var done = new AtomicLong();
        long total = batches.stream().mapToLong(Batch::size).sum();
        var meter = new Progress(progress, name);
        var pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < batches.size(); ) {
                        send.send(batches.get(i));
                        meter.tick(done.addAndGet(batches.get(i).size()), total);
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        var phase = new Phase(name, done.get(), (System.nanoTime() - started) / 1e9);
        if (report) {
            progress.printf("  %s: %d rows in %.2f s (%.0f rows/s)%n", name, phase.rows(), phase.seconds(), phase.perSecond());
        }
        return phase;
    }

    /** All rounds' rows, at the median round's rate. */
    private static Phase median(String name, List<Phase> rounds) {
        var rates = rounds.stream().mapToDouble(Phase::perSecond).sorted().toArray();
        double median = rates.length % 2 == 1 ? rates[rates.length / 2] : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
        long rows = rounds.stream().mapToLong(Phase::rows).sum();
        return new Phase(name, rows, rows / median, rounds.stream().map(r -> String.format("%.0f", r.perSecond())).toList());
    }

    private static long count(ClickHouseHttp clickhouse, String sql) throws Exception {
        return clickhouse.query(sql).get(0).get("n").asLong();
    }
}
