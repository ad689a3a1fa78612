package dev.debugd.bench;

import dev.debugd.config.Endpoints;
import dev.debugd.projection.IncidentHistory;
import dev.debugd.projection.IncidentProjection;
import dev.debugd.readmodel.Projector;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.readmodel.Replay;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Replaying the history from offset 0: into the in-memory projection and into the Postgres read model, each
 * beside its raw ceiling measured in the same run (a plain byte-array consumer with the same settings; COPY of
 * the same rows). Runs on topics and a database of its own, deleted afterwards.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay throughput: projection vs. a raw consumer, Postgres read model vs. COPY of the same rows.")
public final class ReplayBenchmark implements Callable<Integer> {

    private static final int POLL_RECORDS = 2000;
    /** Measured rounds of each Kafka phase, after the unmeasured one. */
    private static final int ROUNDS = 5;
    private static final double CONTEXT_SHARE = 0.05;
    private static final long AVERAGE_BYTES = Math.round((1 - CONTEXT_SHARE) * 700 + CONTEXT_SHARE * 110_000);

    @Option(names = "--records", defaultValue = "1000000", description = "Records in the history (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated history (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "Threads reading Kafka, for the projection and its raw ceiling"
            + " alike (default ${DEFAULT-VALUE}); the Postgres read model is written by one projector.")
    int threads;

    private final PrintStream progress = System.err;

    /** The paths a run measures, each beside its ceiling. */
    enum Measured { projection, postgres }

    @Option(names = "--paths", split = ",", defaultValue = "projection,postgres",
            description = "What to measure, comma-separated: projection (in memory, beside a raw consumer), postgres"
                    + " (the read model, beside COPY) (default ${DEFAULT-VALUE}).")
    Set<Measured> paths;

    /**
     * @param result the name of its figure in the RESULT line
     * @param gcSeconds the collectors' time during the phase, as the JVM's collector beans count it (G1 on JDK 17: its pauses)
     */
    record Phase(String name, String result, long items, long bytes, double seconds, double gcSeconds) {
        double perSecond() {
            return items / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (records < 100) {
            throw new IllegalArgumentException("--records must be at least 100");
        }
        if (threads < 1 || threads > 12) {
            throw new IllegalArgumentException("--threads must be between 1 and 12 (the benchmark's topics have 12 partitions)");
        }
        var endpoints = Endpoints.fromEnvironment();
        checkDisk();
        var id = UUID.randomUUID().toString().substring(0, 8);
        var topics = new TimelineTopics("bench-" + id + ".");
        try (var admin = Admin.create(endpoints.kafka().clientProperties())) {
            admin.createTopics(topics.all().stream().map(t -> new NewTopic(t, 12, (short) 1)
                    .configs(Map.of("max.message.bytes", String.valueOf(4 << 20)))).toList()).all().get(60, TimeUnit.SECONDS);
            try (var scratch = ScratchDatabase.create(endpoints.postgres(), "bench_" + id)) {
                long bytes = generate(endpoints.kafka(), topics);
                var phases = new ArrayList<Phase>();
                if (paths.contains(Measured.projection)) {
                    phases.addAll(projectionAndCeiling(endpoints.kafka(), topics, bytes));
                }
                if (paths.contains(Measured.postgres)) {
                    phases.addAll(postgresAndCeiling(endpoints.kafka(), topics, scratch.postgres, bytes));
                }
                for (var phase : phases) {
                    if (phase.items() != records) {
                        throw new IllegalStateException(phase.name() + " processed " + phase.items() + " of " + records + " records");
                    }
                }
                var report = report(bytes, phases);
                System.out.print(report.markdown());
                System.out.println(report.resultLine());
            } finally {
                admin.deleteTopics(topics.all()).all().get(60, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    /** The raw consumer, then the projection: a full unmeasured round of each, then the medians of alternating rounds. */
    private List<Phase> projectionAndCeiling(Endpoints.Kafka kafka, TimelineTopics topics, long bytes) throws Exception {
        List<Map<TopicPartition, Long>> shares;
        try (var reader = new TimelineReader(kafka, topics, Replay.AGENT, POLL_RECORDS)) {
            shares = shares(reader);
        }
        // A full round first: the JIT, the heap's growth to a million facts and the page cache settle before measuring.
        rawConsume(kafka, shares, records);
        project(kafka, topics, shares, records, bytes);
        // Phases of seconds on a shared 2-core machine vary from run to run: alternate them, keep the medians.
        var raws = new ArrayList<Phase>();
        var projections = new ArrayList<Phase>();
        for (int run = 0; run < ROUNDS; run++) {
            raws.add(rawConsume(kafka, shares, records));
            projections.add(project(kafka, topics, shares, records, bytes));
            progress.printf("round %d of %d: raw consumer %.2f s (GC %.2f s), projection %.2f s (GC %.2f s)%n", run + 1,
                    ROUNDS, raws.get(run).seconds(), raws.get(run).gcSeconds(), projections.get(run).seconds(),
                    projections.get(run).gcSeconds());
        }
        return List.of(median(raws), median(projections));
    }

    /** A rebuild of the Postgres read model (after a small warm-up into a schema of its own), then COPY of its rows. */
    private List<Phase> postgresAndCeiling(Endpoints.Kafka kafka, TimelineTopics topics, Endpoints.Postgres bench, long bytes)
            throws Exception {
        var schemas = new ReadModelSchemas(bench);
        readModel(kafka, topics, schemas, "warmup", Math.max(100, records / 10), bytes);
        var postgres = readModel(kafka, topics, schemas, ReadModelSchemas.LIVE, records, bytes);
        return List.of(copyCeiling(bench), postgres);
    }

    /** The time every collector of this JVM has spent so far. */
    private static double gcSeconds() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0).sum() / 1e3;
    }

    private static Phase median(List<Phase> phases) {
        var sorted = new ArrayList<>(phases);
        sorted.sort(Comparator.comparingDouble(Phase::seconds));
        return sorted.get(sorted.size() / 2);
    }

    /** Phases come in pairs, each ceiling before the path measured against it. */
    BenchReport report(long bytes, List<Phase> phases) {
        var header = List.of("path", "records", "MiB", "seconds", "of which GC", "records/s", "share of its ceiling");
        var rows = new ArrayList<List<String>>();
        var results = new LinkedHashMap<String, Double>();
        for (int i = 0; i < phases.size(); i += 2) {
            var ceiling = phases.get(i);
            var path = phases.get(i + 1);
            rows.add(row(ceiling, "ceiling"));
            rows.add(row(path, BenchReport.plain(100 * path.perSecond() / ceiling.perSecond()) + " %"));
            results.put(path.result(), (double) Math.round(path.perSecond()));
            results.put(ceiling.result(), (double) Math.round(ceiling.perSecond()));
        }
        results.put("records", (double) records);
        results.put("threads", (double) threads);
        results.put("mib", bytes / 1048576.0);
        return new BenchReport(header, rows, results);
    }

    private static List<String> row(Phase phase, String share) {
        return List.of(phase.name(), String.valueOf(phase.items()), BenchReport.plain(phase.bytes() / 1048576.0),
                BenchReport.plain(phase.seconds()), BenchReport.plain(phase.gcSeconds()), BenchReport.plain(Math.round(phase.perSecond())),
                share);
    }

    private void checkDisk() throws Exception {
        var home = Path.of(System.getenv().getOrDefault("DEBUGD_STACK_HOME", "/var/lib/debugd-stack"));
        var store = Files.getFileStore(Files.exists(home) ? home : Path.of("/"));
        // Kafka keeps the records once; Postgres stores them in the read model and again for the COPY ceiling.
        long needed = (paths.contains(Measured.postgres) ? 4L : 1L) * records * AVERAGE_BYTES;
        if (store.getUsableSpace() < needed) {
            throw new IllegalArgumentException(String.format("about %.1f GiB of free disk are needed under %s for %d records;"
                    + " %.1f GiB are free. Use fewer --records.", needed / 1073741824.0, home, records,
                    store.getUsableSpace() / 1073741824.0));
        }
    }

    /** Writes the history: most records under 1 KB, 5 % ContextBuilt of 20-200 KB. */
    private long generate(Endpoints.Kafka kafka, TimelineTopics topics) throws Exception {
        var random = new Random(seed);
        var codec = new EventCodec();
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        var failure = new AtomicReference<Exception>();
        long bytes = 0;
        int incidents = Math.max(1, records / 50);
        var ticker = new Progress(progress, "generating");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records && failure.get() == null; i++) {
                var event = event(random, i, incidents);
                var value = codec.encode(event);
                bytes += value.length;
                var topic = topics.name(event.knownType().orElseThrow().topic());
                producer.send(new ProducerRecord<>(topic, event.recordKey(), value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                ticker.tick(i + 1, records);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("writing the history failed", failure.get());
        }
        progress.printf("generated %d records, %.1f MiB%n", records, bytes / 1048576.0);
        return bytes;
    }

    private static final String[] WORDS = {"GET", "POST", "/api/orders", "/api/cart", "200", "500", "timeout",
        "connection", "refused", "user", "retry", "pool", "exhausted", "db", "query", "took", "ms", "NullPointerException",
        "at", "com.acme.Cart.total(Cart.java:42)", "WARN", "ERROR", "INFO", "request_id", "deploy", "abc123"};

    private Event event(Random random, int i, int incidents) {
        var tenant = "tenant-" + random.nextInt(5);
        var incident = "inc-" + random.nextInt(incidents);
        var time = Instant.parse("2026-05-01T00:00:00Z").plusMillis(i * 50L);
        var key = IdempotencyKey.clientRequest(tenant, "bench-" + i);
        var agent = new Event.Agent("bench", "1.0.0");
        double pick = random.nextDouble();
        Payload payload;
        if (pick < CONTEXT_SHARE) {
            var lines = JsonNodeFactory.instance.arrayNode();
            int target = 20_000 + random.nextInt(180_000);
            int size = 0;
            while (size < target) {
                var line = new StringBuilder();
                for (int w = 0; w < 12; w++) {
                    line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                }
                line.append(random.nextInt(1_000_000));
                size += line.length() + 3;
                lines.add(line.toString());
            }
            var context = JsonNodeFactory.instance.objectNode();
            context.set("logs", lines);
            payload = new Payload.ContextBuilt(RawJson.of(context), List.of("trace_id"));
        } else if (pick < 0.35) {
            payload = new Payload.TaskRequested(key, "rca", tenant + "-rca-tasks",
                    new Payload.RecordPosition("debugging.timeline", random.nextInt(12), i), null, "context-built", Map.of());
        } else if (pick < 0.5) {
            payload = new Payload.RootCauseProposed("hypothesis " + random.nextInt(10_000) + ": the pool is exhausted under load",
                    RootCauseCategory.POOL_EXHAUSTION, random.nextInt(101) / 100.0, List.of("log line " + random.nextInt(100)), null);
        } else if (pick < 0.6) {
            payload = new Payload.IncidentDetected("svc-" + random.nextInt(20), "sig-" + random.nextInt(500), 1, "novelty",
                    time, Map.of("occurrences", (double) random.nextInt(1000)), "detector", null);
        } else if (pick < 0.7) {
            payload = new Payload.FixDrafted("bound the pool", "--- a/Pool.java\n+++ b/Pool.java\n" + "+ max = 20;\n".repeat(
                    10 + random.nextInt(30)), null);
        } else if (pick < 0.8) {
            payload = new Payload.FixProposed("acme/shop", 1 + random.nextInt(5000), "https://git.example/acme/shop/pull/1", null);
        } else if (pick < 0.9) {
            payload = new Payload.EvaluationCompleted(random.nextBoolean(), Map.of("after", (double) random.nextInt(100)),
                    "errors after the fix: " + random.nextInt(100), null);
        } else {
            payload = new Payload.AgentRunFailed(key, "model timed out after " + random.nextInt(60) + " s", true);
        }
        return Event.create(time, tenant, incident, 1, payload, agent, key, null);
    }

    /**
     * Reading is split over --threads threads, each owning the partitions numbered i mod threads of the three
     * topics: an incident's records share a key and so a partition number on every topic, so each thread keeps
     * its incidents to itself. Both the ceiling and the projection read this way.
     */
    private List<Map<TopicPartition, Long>> shares(TimelineReader reader) {
        var ends = reader.endOffsets(reader.partitions());
        var shares = new ArrayList<Map<TopicPartition, Long>>();
        for (int i = 0; i < threads; i++) {
            shares.add(new HashMap<>());
        }
        ends.forEach((partition, end) -> shares.get(partition.partition() % threads).put(partition, end));
        return shares;
    }

    /** Runs one task per share on its own thread; their sum, after the last one ends. */
    private long onThreads(List<Map<TopicPartition, Long>> shares, ShareTask task) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<Long>>();
            for (var share : shares) {
                futures.add(pool.submit(() -> task.run(share)));
            }
            long sum = 0;
            for (var future : futures) {
                sum += future.get();
            }
            return sum;
        } finally {
            pool.shutdownNow();
        }
    }

    interface ShareTask {
        long run(Map<TopicPartition, Long> endOffsets) throws Exception;
    }

    /** The ceiling: the same consumer settings and threads, bytes only, no decoding, no state. */
    private Phase rawConsume(Endpoints.Kafka kafka, List<Map<TopicPartition, Long>> shares, int count) throws Exception {
        var props = TimelineReader.consumerProperties(kafka, POLL_RECORDS);
        var seen = new AtomicLong();
        var bytes = new AtomicLong();
        var ticker = new Progress(progress, "raw consumer");
        double gcStart = gcSeconds();
        long start = System.nanoTime();
        onThreads(shares, ends -> {
            try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(ends.keySet());
                consumer.seekToBeginning(ends.keySet());
                var positions = new HashMap<TopicPartition, Long>();
                while (!reached(positions, ends) && seen.get() < count) {
                    var polled = consumer.poll(Duration.ofMillis(500));
                    long size = 0;
                    for (var record : polled) {
                        size += record.serializedValueSize();
                        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    }
                    bytes.addAndGet(size);
                    ticker.tick(seen.addAndGet(polled.count()), count);
                }
            }
            return 0L;
        });
        return new Phase("raw consumer (bytes only)", "raw_consume_eps", seen.get(), bytes.get(), (System.nanoTime() - start) / 1e9,
                gcSeconds() - gcStart);
    }

    private static boolean reached(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    /** A replay into memory: decoding, validation, the order-free merge, then every incident's view once. */
    private Phase project(Endpoints.Kafka kafka, TimelineTopics topics, List<Map<TopicPartition, Long>> shares, int count,
            long bytes) throws Exception {
        var seen = new AtomicLong();
        var ticker = new Progress(progress, "projection");
        double gcStart = gcSeconds();
        long start = System.nanoTime();
        onThreads(shares, ends -> {
            var histories = new HashMap<String, IncidentHistory>();
            try (var reader = new TimelineReader(kafka, topics, Replay.AGENT, POLL_RECORDS, EventCodec.Contexts.CHECKED_ONLY)) {
                var positions = new HashMap<TopicPartition, Long>();
                ends.keySet().forEach(p -> positions.put(p, 0L));
                reader.assign(positions);
                while (!reached(positions, ends) && seen.get() < count) {
                    var batch = reader.poll(Duration.ofMillis(500));
                    for (var record : batch.records()) {
                        var event = record.event();
                        histories.computeIfAbsent(event.recordKey(), k -> new IncidentHistory(event.tenantId(), event.incidentId()))
                                .add(record);
                    }
                    positions.putAll(batch.nextOffsets());
                    ticker.tick(seen.addAndGet(batch.records().size() + batch.rejections().size()), count);
                }
            }
            long views = histories.values().stream().map(IncidentProjection::view).filter(v -> !v.counts().isEmpty()).count();
            if (views != histories.size()) {
                throw new IllegalStateException("only " + views + " of " + histories.size() + " incidents have a view");
            }
            return views;
        });
        long total = seen.get();
        return new Phase("in-memory projection", "projection_eps", total, total == records ? bytes : 0,
                (System.nanoTime() - start) / 1e9, gcSeconds() - gcStart);
    }

    private Phase readModel(Endpoints.Kafka kafka, TimelineTopics topics, ReadModelSchemas schemas, String schema, int count,
            long bytes) throws Exception {
        schemas.migrate(schema);
        var ticker = new Progress(progress, "read model");
        double gcStart = gcSeconds();
        long start = System.nanoTime();
        long seen;
        try (var reader = new TimelineReader(kafka, topics, Replay.AGENT, POLL_RECORDS);
                var writer = new TimelineWriter(kafka, topics);
                var projector = Projector.rebuilding(reader, writer, schemas, schema)) {
            while (projector.recordsProjected() + projector.recordsRejected() < count) {
                projector.step(Duration.ofMillis(500));
                ticker.tick(projector.recordsProjected(), count);
            }
            seen = projector.recordsProjected() + projector.recordsRejected();
            projector.writeAllViews();
        }
        return new Phase("Postgres read model", "postgres_eps", seen, seen == records ? bytes : 0, (System.nanoTime() - start) / 1e9,
                gcSeconds() - gcStart);
    }

    /** The ceiling: COPY of the very rows the read model holds into a table shaped like it (keys and index too). */
    private Phase copyCeiling(Endpoints.Postgres postgres) throws Exception {
        var file = Files.createTempFile("debugd-bench-copy", ".tsv");
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (var out = Files.newOutputStream(file)) {
                copy.copyOut("COPY readmodel.timeline_events TO STDOUT", out);
            }
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE copy_ceiling (LIKE readmodel.timeline_events INCLUDING ALL)");
            }
            progress.printf("COPY ceiling: %.1f MiB of rows%n", Files.size(file) / 1048576.0);
            double gcStart = gcSeconds();
            long start = System.nanoTime();
            long rows;
            try (var in = Files.newInputStream(file)) {
                rows = copy.copyIn("COPY copy_ceiling FROM STDIN", in);
            }
            return new Phase("COPY of the same rows", "raw_postgres_eps", rows, Files.size(file), (System.nanoTime() - start) / 1e9,
                    gcSeconds() - gcStart);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
