package dev.debugd.bench.rca;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.debugd.access.Caller;
import dev.debugd.access.Scope;
import dev.debugd.agents.RootCauseAgent;
import dev.debugd.bench.BenchReport;
import dev.debugd.config.Endpoints;
import dev.debugd.detect.DetectorCursors;
import dev.debugd.detect.EvidenceViews;
import dev.debugd.detect.IncidentDetector;
import dev.debugd.detect.RecordedDetectionSettings;
import dev.debugd.dispatch.Dispatcher;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.dispatch.rules.TenantConfig;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import dev.debugd.health.ServerChecks;
import dev.debugd.incidents.PersonFacts;
import dev.debugd.ingest.EvidenceStore;
import dev.debugd.ingest.RecordedGrouping;
import dev.debugd.local.LocalWorkers;
import dev.debugd.manifests.ManifestLoader;
import dev.debugd.memory.MemoryQuery;
import dev.debugd.memory.store.MiniLmEmbeddings;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.readmodel.Projector;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.OutputsTopics;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.tracing.AgentTracing;
import dev.debugd.worker.TaskHandler;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The RCA harness (issue 19): labelled scenarios through the real pipeline on the real stack — evidence stored as
 * ingestion stores it, the Incident Detector, the dispatcher with admission, the context builder reading ClickHouse and
 * the tenant's RCA Agent — each scenario as its own tenant, under the harness's own topics, queues and databases, which
 * it deletes at the end. The answer to a scenario is the first RootCauseProposed of its first incident. The RCA Agent
 * runs the provider asked for (builtin, or a model). Beside it, the builtin agent on each scenario's context assembled
 * with no server: for builtin, the raw ceiling (what the pipeline can at best give); for a model, the baseline to beat.
 */
@Command(name = "rca", mixinStandardHelpOptions = true,
        description = {"The RCA harness: runs labelled scenarios (JSON {\"version\": 1, \"scenarios\": [...]}) through ingest,"
            + " the detector, the context builder and the RCA Agent on the real stack, one tenant per scenario, and scores the"
            + " answers: a row per scenario, a table per category, and RESULT top1 top3 mention conf_right conf_wrong"
            + " unknown_ok scenarios p50_detect_to_rca_s context_p95_ms. One scenario minute is one bucket of the harness's"
            + " short grid. Compare AgentProfile versions with it before a rollout."})
public final class RcaBenchmark implements Callable<Integer> {

    private static final Event.Agent HARNESS = new Event.Agent("bench-rca", "1");

    @Option(names = "--scenarios", split = ",", paramLabel = "FILE", description = "Scenario files, comma-separated (default:"
            + " e2e/src/test/resources/rca/tuning.json and gate.json of the checkout).")
    List<Path> scenarioFiles;

    @Option(names = "--repeats", paramLabel = "FILE", description = "The memory pass: scenarios run again after the first"
            + " pass's incidents were resolved, each in the tenant of a scenario of the first pass (JSON {\"version\": 1,"
            + " \"repeats\": [{\"of\": ID, \"in_tenant_of\": ID}]}; default without --scenarios:"
            + " e2e/src/test/resources/rca/repeats.json of the checkout; with --scenarios, none unless given).")
    Path repeatsFile;

    @Option(names = "--parallel", defaultValue = "10", description = "Scenarios run at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--bucket-seconds", defaultValue = "2", description = "The harness's bucket: one scenario minute"
            + " (default ${DEFAULT-VALUE}).")
    int bucketSeconds;

    @Option(names = "--lateness-seconds", defaultValue = "2", description = "How long after its end a bucket closes"
            + " (default ${DEFAULT-VALUE}).")
    int latenessSeconds;

    @Option(names = "--answer-timeout-seconds", defaultValue = "60", description = "How long after its last bucket closed a"
            + " scenario's answer is waited for (default ${DEFAULT-VALUE}).")
    int answerTimeoutSeconds;

    @Option(names = "--provider", defaultValue = "builtin", description = "The RCA Agent's provider in every scenario's"
            + " AgentProfile: builtin, openai (any OpenAI-compatible server) or anthropic (default ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--model", description = "The provider's model (openai, anthropic).")
    String model;

    @Option(names = "--base-url", description = "The provider's API base URL (default: the provider's own), e.g."
            + " http://127.0.0.1:11434/v1 for a local Ollama (openai).")
    String baseUrl;

    @Option(names = "--prompt-version", defaultValue = "v1", description = "The RCA prompt files' version (default"
            + " ${DEFAULT-VALUE}).")
    String promptVersion;

    @Option(names = "--api-key-env", defaultValue = "DEBUGD_MODEL_API_KEY", description = "The environment variable that"
            + " holds the provider's API key (default ${DEFAULT-VALUE}; unset: no key, as a local server wants).")
    String apiKeyEnv;

    /** The Secret key the scenarios' RCA profile names; the harness answers it from {@code --api-key-env}. */
    private static final SecretKeyRef MODEL_KEY = new SecretKeyRef("bench-rca-model", "api-key");

    private final PrintStream progress = System.err;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || bucketSeconds < 1 || latenessSeconds < 1 || answerTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--parallel, --bucket-seconds, --lateness-seconds and --answer-timeout-seconds"
                    + " must be at least 1");
        }
        if (!provider.matches("builtin|openai|anthropic")) {
            throw new IllegalArgumentException("--provider must be builtin, openai or anthropic, not '" + provider + "'");
        }
        if (!provider.equals("builtin") && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("--provider " + provider + " needs --model");
        }
        if (baseUrl != null && provider.equals("builtin")) {
            throw new IllegalArgumentException("--base-url is for a model provider (openai, anthropic)");
        }
        var scenarios = new ArrayList<RcaScenario>();
        for (var file : files()) {
            scenarios.addAll(RcaScenario.read(file));
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("no scenario in " + files());
        }
        // The roles' own lines (every fact recorded, every incident detected) would bury the harness's progress.
        ((Logger) LoggerFactory.getLogger("dev.debugd")).setLevel(Level.WARN);
        var grid = new BucketGrid(Duration.ofSeconds(bucketSeconds), Duration.ofSeconds(latenessSeconds));
        var endpoints = Endpoints.fromEnvironment();
        var failed = new ServerChecks(endpoints, List.of()).runAll().stream().filter(check -> !check.ok())
                .map(check -> check.server() + " (" + check.endpoint() + "): " + check.detail()).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("the stack does not answer: " + failed + "; start it with bin/stack up");
        }
        var id = UUID.randomUUID().toString().substring(0, 8);
        var run = new Run(id, new TimelineTopics("bench-rca-" + id + "."), "bench_rca_" + id,
                new WorkQueueSettings("r" + id.substring(0, 6) + "-", 5, Duration.ofMinutes(5), Duration.ofMinutes(15)),
                tenants(scenarios.size()));
        progress.printf("rca: %d scenario(s) from %s, %d at once, buckets of %ds closed %ds after their end; topics %s*,"
                + " databases %s; the RCA Agent on %s%n", scenarios.size(), files(), parallel, bucketSeconds, latenessSeconds,
                run.topics().prefix(), run.database(), provider.equals("builtin") ? "the builtin reasoner"
                        : provider + " " + model + (baseUrl == null ? "" : " at " + baseUrl) + ", prompt " + promptVersion
                        + (System.getenv(apiKeyEnv) == null ? ", no key" : ", the key in $" + apiKeyEnv));
        var repeats = repeats(scenarios);
        var pure = pureAnswers(scenarios);
        var outcome = onTheStack(endpoints, run, scenarios, repeats, grid);
        print(scenarios, repeats, run.tenants(), outcome, pure);
        return 0;
    }

    /** What one run uses: its topics, databases and queues are its own. */
    private record Run(String id, TimelineTopics topics, String database, WorkQueueSettings queues, List<String> tenants) {}

    private List<Path> files() {
        if (scenarioFiles != null && !scenarioFiles.isEmpty()) {
            return scenarioFiles;
        }
        var root = Path.of(System.getenv().getOrDefault("DEBUGD_ROOT", "."));
        var folder = root.resolve("e2e/src/test/resources/rca");
        return List.of(folder.resolve("tuning.json"), folder.resolve("gate.json"));
    }

    /** The memory pass's repeats: the file asked for, the checkout's by default with the default scenarios, else none. */
    private List<RcaRepeat> repeats(List<RcaScenario> scenarios) throws java.io.IOException {
        var file = repeatsFile;
        if (file == null && (scenarioFiles == null || scenarioFiles.isEmpty())) {
            file = Path.of(System.getenv().getOrDefault("DEBUGD_ROOT", ".")).resolve("e2e/src/test/resources/rca/repeats.json");
        }
        return file == null ? List.of() : RcaRepeat.read(file, scenarios);
    }

    private static List<String> tenants(int count) {
        var tenants = new ArrayList<String>();
        for (int i = 1; i <= count; i++) {
            tenants.add(String.format(Locale.ROOT, "rca-%02d", i));
        }
        return tenants;
    }

    /** The builtin agent on each scenario's context assembled without a server, and how long that took. */
    private record PureAnswer(RcaScore.Answer answer, double contextMillis) {}

    private static List<PureAnswer> pureAnswers(List<RcaScenario> scenarios) {
        var answers = new ArrayList<PureAnswer>();
        for (var scenario : scenarios) {
            long began = System.nanoTime();
            var context = ScenarioContext.of(scenario);
            double millis = (System.nanoTime() - began) / 1e6;
            answers.add(new PureAnswer(new RcaScore.Answer(scenario, RootCauseAgent.propose(context).ranked()), millis));
        }
        return answers;
    }

    private StackOutcome onTheStack(Endpoints endpoints, Run run, List<RcaScenario> scenarios, List<RcaRepeat> repeats,
            BucketGrid grid) throws Exception {
        var pg = new Endpoints.Postgres(endpoints.postgres().host(), endpoints.postgres().port(), endpoints.postgres().user(),
                run.database(), endpoints.postgres().password());
        var clickhouse = new ClickHouseHttp(endpoints.clickhouse(), run.database());
        var manifests = Files.createTempDirectory("debugd-bench-rca-");
        try (var admin = Admin.create(endpoints.kafka().clientProperties()); var sqs = SqsClients.create(endpoints.sqs())) {
            admin.createTopics(run.topics().all().stream().map(t -> new NewTopic(t, 12, (short) 1)
                    .configs(Map.of("max.message.bytes", String.valueOf(4 << 20)))).toList()).all().get(60, TimeUnit.SECONDS);
            execute(endpoints, "CREATE DATABASE " + run.database());
            new ClickHouseHttp(endpoints.clickhouse(), "default").execute("CREATE DATABASE " + run.database());
            var queues = new QueueProvisioning(sqs, run.queues());
            try (var outputsTopics = new OutputsTopics(endpoints.kafka(), run.topics())) {
                try {
                    new EvidenceSchema(clickhouse).migrate();
                    var postgres = new Postgres(pg);
                    postgres.migrate("ingest", "ingest");
                    postgres.migrate(DetectorCursors.SCHEMA, "detector");
                    var readModel = new ReadModelSchemas(pg);
                    readModel.migrate(ReadModelSchemas.LIVE);
                    writeManifests(manifests, run.tenants(), rcaProfile());
                    return run(endpoints, run, scenarios, repeats, grid, postgres, readModel, clickhouse, sqs, queues,
                            outputsTopics, manifests);
                } finally {
                    progress.println("rca: deleting the run's topics, queues and databases");
                    for (var tenant : run.tenants()) {
                        for (var type : TaskType.values()) {
                            queues.delete(type.queue(tenant));
                        }
                        outputsTopics.delete(tenant);
                    }
                    admin.deleteTopics(run.topics().all()).all().get(60, TimeUnit.SECONDS);
                    new ClickHouseHttp(endpoints.clickhouse(), "default").execute("DROP DATABASE IF EXISTS " + run.database());
                    execute(endpoints, "DROP DATABASE IF EXISTS " + run.database() + " WITH (FORCE)");
                    try (var files = Files.list(manifests)) {
                        for (var file : files.toList()) {
                            Files.delete(file);
                        }
                    }
                    Files.delete(manifests);
                }
            }
        }
    }

    private static void execute(Endpoints endpoints, String sql) throws Exception {
        try (var connection = DriverManager.getConnection(endpoints.postgres().jdbcUrl(), endpoints.postgres().user(),
                endpoints.postgres().password()); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The RCA profile's spec fields after tenant and agent, as YAML flow-map entries. */
    private String rcaProfile() {
        if (provider.equals("builtin")) {
            return "provider: builtin";
        }
        return "provider: " + provider + ", model: '" + model + "', promptVersion: '" + promptVersion + "'"
                + (baseUrl == null ? "" : ", baseUrl: '" + baseUrl + "'")
                + ", credentials: {name: " + MODEL_KEY.name() + ", key: " + MODEL_KEY.key() + "}";
    }

    /** Each scenario's tenant, as a user writes one: the default thresholds, the RCA Agent as asked, builtin others. */
    private static void writeManifests(Path directory, List<String> tenants, String rcaProfile) throws Exception {
        for (var tenant : tenants) {
            var yaml = new StringBuilder("""
                    apiVersion: debugd.dev/v1alpha1
                    kind: Tenant
                    metadata: {name: %s}
                    spec: {confidenceThreshold: %s}
                    """.formatted(tenant, TenantConfig.DEFAULT_CONFIDENCE_THRESHOLD));
            for (var agent : List.of("rca", "fix", "instrumentation", "evaluation")) {
                yaml.append("""
                        ---
                        apiVersion: debugd.dev/v1alpha1
                        kind: AgentProfile
                        metadata: {name: %s-%s}
                        spec: {tenant: %s, agent: %s, version: 1.0.0, %s}
                        """.formatted(tenant, agent, tenant, agent, agent.equals("rca") ? rcaProfile : "provider: builtin"));
            }
            Files.writeString(directory.resolve(tenant + ".yaml"), yaml.toString());
        }
    }

    /**
     * What the stack gave: each tenant's answer in the first pass and in the memory pass, how long each context took to
     * build, each search of the memory (embedding and query), and the same searches through a bare SQL query.
     */
    private record StackOutcome(Map<String, TimelineWatch.Answer> answers, Map<String, TimelineWatch.Answer> memoryAnswers,
            List<Double> contextMillis, List<Double> memoryMillis, List<Double> rawMemoryMillis) {}

    private StackOutcome run(Endpoints endpoints, Run run, List<RcaScenario> scenarios, List<RcaRepeat> repeats, BucketGrid grid,
            Postgres postgres, ReadModelSchemas readModel, ClickHouseHttp clickhouse, SqsClient sqs, QueueProvisioning queues,
            OutputsTopics outputsTopics, Path manifests) throws Exception {
        var clock = Clock.systemUTC();
        var contextMillis = new CopyOnWriteArrayList<Double>();
        var memoryMillis = new CopyOnWriteArrayList<Double>();
        try (var writer = new TimelineWriter(endpoints.kafka(), run.topics());
                var configuration = new RecordedConfiguration(endpoints.kafka(), run.topics(), HARNESS);
                var grouping = new RecordedGrouping(new RecordedConfiguration(endpoints.kafka(), run.topics(), HARNESS),
                        Duration.ofSeconds(1));
                var pool = postgres.pool("bench-rca", ScenarioSender.SENDERS + 1)) {
            progress.printf("rca: recording %d tenant(s) and provisioning their queues and outputs topics …%n", run.tenants().size());
            var loaded = new ManifestLoader(manifests, endpoints.kafka(), run.topics(), writer,
                    new TenantProvisioning(queues, outputsTopics), clock).load();
            if (!loaded.problems().isEmpty()) {
                throw new IllegalStateException("the harness's own manifests were refused: " + loaded.problems());
            }
            var store = new EvidenceStore(clickhouse, pool, grid, grouping, clock);
            var detector = new IncidentDetector(new EvidenceViews(clickhouse, grid), new DetectorCursors(pool), writer::writeAll,
                    grid, Duration.ofMillis(500), new RecordedDetectionSettings(configuration), clock);
            UnaryOperator<TaskHandler> timed = builder -> (task, input) -> {
                long began = System.nanoTime();
                try {
                    return builder.handle(task, input);
                } finally {
                    contextMillis.add((System.nanoTime() - began) / 1e6);
                }
            };
            try (var watch = new TimelineWatch(endpoints.kafka(), run.topics());
                    var wiring = Dispatcher.Wiring.connect(endpoints.kafka(), run.topics(), sqs, queues);
                    var dispatcher = new Dispatcher(wiring, postgres, LedgerStore.SCHEMA, clock, step -> { });
                    var workers = new LocalWorkers(run.tenants(), endpoints, run.topics(), postgres, sqs, queues, run.database(),
                            grid, clock, ref -> ref.equals(MODEL_KEY) ? Optional.ofNullable(System.getenv(apiKeyEnv))
                                    : LocalWorkers.fromEnvironment(ref), timed,
                            AgentTracing.fromEnvironment(System.getenv(), "bench-rca"), memoryMillis::add);
                    var passes = detector.start(Duration.ofMillis(500), Duration.ofSeconds(5))) {
                var stop = new AtomicBoolean();
                var failure = new AtomicReference<Exception>();
                var pipeline = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            dispatcher.step(Duration.ofMillis(100));
                            workers.pollAfter(dispatcher.tasksSent());
                        }
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }, "bench-rca-pipeline");
                // The projector keeps the read model, and so the memory the context builder searches, as in a cluster.
                var projecting = new Thread(() -> {
                    try (var reader = new TimelineReader(endpoints.kafka(), run.topics(), HARNESS, 500);
                            var projector = new Projector(reader, writer, readModel, ReadModelSchemas.LIVE, batch -> { })) {
                        while (!stop.get()) {
                            projector.step(Duration.ofMillis(100));
                        }
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }, "bench-rca-projector");
                pipeline.start();
                projecting.start();
                Map<String, TimelineWatch.Answer> answers;
                Map<String, TimelineWatch.Answer> memoryAnswers = Map.of();
                var rawMemoryMillis = new ArrayList<Double>();
                try {
                    var byTenant = new LinkedHashMap<String, RcaScenario>();
                    for (int i = 0; i < scenarios.size(); i++) {
                        byTenant.put(run.tenants().get(i), scenarios.get(i));
                    }
                    var sender = new ScenarioSender(store, grid, progress, run.id());
                    var first = sender.send("first pass:", byTenant, parallel, watch, Duration.ofSeconds(answerTimeoutSeconds),
                            failure::get);
                    answers = watch.answers(first);
                    if (!repeats.isEmpty()) {
                        var again = memoryPass(repeats, scenarios, run.tenants(), answers, watch, writer, clock);
                        var since = sender.send("memory pass:", again, parallel, watch, Duration.ofSeconds(answerTimeoutSeconds),
                                failure::get);
                        memoryAnswers = watch.answers(since);
                        rawMemoryMillis.addAll(rawSearches(again, postgres));
                    }
                } finally {
                    stop.set(true);
                    pipeline.join();
                    projecting.join();
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
                return new StackOutcome(answers, memoryAnswers, List.copyOf(contextMillis), List.copyOf(memoryMillis),
                        rawMemoryMillis);
            }
        }
    }

    /**
     * Resolves, as a person would through the API, the first-pass incident of each tenant a repeat runs in, and returns
     * the memory pass's scenarios by tenant.
     */
    private Map<String, RcaScenario> memoryPass(List<RcaRepeat> repeats, List<RcaScenario> scenarios, List<String> tenants,
            Map<String, TimelineWatch.Answer> answers, TimelineWatch watch, TimelineWriter writer, Clock clock) throws Exception {
        var byId = new LinkedHashMap<String, RcaScenario>();
        scenarios.forEach(scenario -> byId.putIfAbsent(scenario.id(), scenario));
        var again = new LinkedHashMap<String, RcaScenario>();
        var resolutions = new ArrayList<Event>();
        for (var repeat : repeats) {
            var tenant = tenants.get(scenarios.indexOf(byId.get(repeat.inTenantOf())));
            again.put(tenant, repeat.scenario(byId));
            var answer = answers.get(tenant);
            if (answer == null) {
                continue; // nothing was detected: nothing to remember
            }
            var outcome = PersonFacts.resolve(watch.records(tenant, answer.incidentId()),
                    new Caller(tenant, "bench-rca", Set.of(Scope.READ, Scope.ACT)), "bench-rca-resolve", clock.instant());
            if (outcome instanceof PersonFacts.Recorded recorded && !recorded.recordedAlready()) {
                resolutions.add(recorded.event());
            }
        }
        writer.writeAll(resolutions);
        progress.printf("rca: resolved %d first-pass incident(s) as a person would; %d scenario(s) again (%d twins)%n",
                resolutions.size(), again.size(), repeats.stream().filter(RcaRepeat::twin).count());
        return again;
    }

    /**
     * The raw ceiling of a memory search: each memory-pass scenario's query (from its context assembled without a
     * server) embedded by the model itself and searched by a bare SQL query over the tenant's rows.
     */
    private static List<Double> rawSearches(Map<String, RcaScenario> again, Postgres postgres) throws Exception {
        var millis = new ArrayList<Double>();
        try (var connection = postgres.connect(); var select = connection.prepareStatement("SELECT incident_id FROM "
                + ReadModelSchemas.LIVE + ".memory WHERE tenant_id = ? ORDER BY embedding OPERATOR(public.<=>) ?::public.vector LIMIT 12")) {
            for (var entry : again.entrySet()) {
                var query = MemoryQuery.of(ScenarioContext.of(entry.getValue()));
                long began = System.nanoTime();
                var vector = MiniLmEmbeddings.shared().embed(query);
                select.setString(1, entry.getKey());
                select.setString(2, Arrays.toString(vector));
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                millis.add((System.nanoTime() - began) / 1e6);
            }
        }
        return millis;
    }

    private void print(List<RcaScenario> scenarios, List<RcaRepeat> repeats, List<String> tenants, StackOutcome outcome,
            List<PureAnswer> pure) {
        var threshold = TenantConfig.DEFAULT_CONFIDENCE_THRESHOLD;
        var answers = new ArrayList<RcaScore.Answer>();
        var delays = new ArrayList<Double>();
        var rows = new ArrayList<List<String>>();
        for (int i = 0; i < scenarios.size(); i++) {
            var scenario = scenarios.get(i);
            var got = outcome.answers().get(tenants.get(i));
            var answer = new RcaScore.Answer(scenario, got == null ? List.of() : got.ranked());
            answers.add(answer);
            if (got != null && !got.ranked().isEmpty()) {
                delays.add(got.detectToRcaSeconds());
            }
            var first = answer.ranked().isEmpty() ? null : answer.ranked().get(0);
            var ceiling = pure.get(i).answer().ranked().get(0);
            rows.add(List.of(scenario.id(), scenario.expect().category().wire(),
                    first != null ? first.category().wire() : got == null ? "(not detected)" : "(no answer in time)",
                    first == null ? "" : BenchReport.plain(first.confidence()),
                    answer.right() ? "yes" : "no", answer.mentions() ? "yes" : "no",
                    ceiling.category().wire() + " " + BenchReport.plain(ceiling.confidence()),
                    got == null ? "" : got.rule() + (got.incidents() > 1 ? " (+" + (got.incidents() - 1) + ")" : ""),
                    first == null ? "" : BenchReport.plain(got.detectToRcaSeconds())));
        }
        var score = RcaScore.of(answers, threshold);
        var ceiling = RcaScore.of(pure.stream().map(PureAnswer::answer).toList(), threshold);
        System.out.println(new BenchReport(List.of("scenario", "expected", "answer", "confidence", "right", "mentions",
                "builtin without servers", "detected by", "detect → RCA s"), rows, Map.of("scenarios", (double) scenarios.size())).markdown());
        var categoryRows = new ArrayList<List<String>>();
        for (var row : score.categories()) {
            categoryRows.add(List.of(row.category().wire(), String.valueOf(row.scenarios()), String.valueOf(row.top1()),
                    String.valueOf(row.top3())));
        }
        System.out.println(new BenchReport(List.of("category", "scenarios", "right first", "within three"), categoryRows,
                Map.of("scenarios", (double) scenarios.size())).markdown());
        double p50 = percentile(delays, 50);
        double contextP95 = percentile(outcome.contextMillis(), 95);
        double pureContextP95 = percentile(pure.stream().map(PureAnswer::contextMillis).toList(), 95);
        var summary = new ArrayList<List<String>>();
        summary.add(List.of("top1", BenchReport.plain(score.top1()), BenchReport.plain(ceiling.top1())));
        summary.add(List.of("top3", BenchReport.plain(score.top3()), BenchReport.plain(ceiling.top3())));
        summary.add(List.of("mention", BenchReport.plain(score.mention()), BenchReport.plain(ceiling.mention())));
        summary.add(List.of("conf_right", BenchReport.plain(score.confRight()), BenchReport.plain(ceiling.confRight())));
        summary.add(List.of("conf_wrong", BenchReport.plain(score.confWrong()), BenchReport.plain(ceiling.confWrong())));
        summary.add(List.of("unknown_ok", BenchReport.plain(score.unknownOk()), BenchReport.plain(ceiling.unknownOk())));
        summary.add(List.of("answered", String.valueOf(delays.size()), String.valueOf(scenarios.size())));
        summary.add(List.of("context build p95 ms", BenchReport.plain(contextP95), BenchReport.plain(pureContextP95)));
        var results = new LinkedHashMap<String, Double>();
        results.put("top1", score.top1());
        results.put("top3", score.top3());
        results.put("mention", score.mention());
        results.put("conf_right", score.confRight());
        results.put("conf_wrong", score.confWrong());
        results.put("unknown_ok", score.unknownOk());
        results.put("scenarios", (double) scenarios.size());
        results.put("p50_detect_to_rca_s", p50);
        results.put("context_p95_ms", contextP95);
        results.put("top1_without_servers", ceiling.top1());
        memoryPass(scenarios, repeats, tenants, outcome, summary, results);
        var report = new BenchReport(List.of("figure", "through the pipeline", "builtin without servers"), summary, results);
        System.out.println(report.markdown());
        System.out.println(report.resultLine());
    }

    /**
     * The memory pass's table and figures: which past incident each repeat's context cites (as the scenario whose
     * incident it was), whether a twin's answer is right with the memory and was right without it (its first pass), and
     * how long the memory searches took beside the bare ones.
     */
    private static void memoryPass(List<RcaScenario> scenarios, List<RcaRepeat> repeats, List<String> tenants,
            StackOutcome outcome, List<List<String>> summary, Map<String, Double> results) {
        var scenarioOfIncident = new LinkedHashMap<String, String>();
        for (int i = 0; i < scenarios.size(); i++) {
            var answer = outcome.answers().get(tenants.get(i));
            if (answer != null) {
                scenarioOfIncident.put(tenants.get(i) + "/" + answer.incidentId(), scenarios.get(i).id());
            }
        }
        var byId = new LinkedHashMap<String, RcaScenario>();
        scenarios.forEach(scenario -> byId.putIfAbsent(scenario.id(), scenario));
        int cited = (int) Stream.concat(outcome.answers().values().stream(),
                outcome.memoryAnswers().values().stream()).filter(answer -> !answer.pastIncidents().isEmpty()).count();
        int twins = 0;
        int twinsCiting = 0;
        int twinsRight = 0;
        int twinsRightBefore = 0;
        int controls = 0;
        int controlsCiting = 0;
        var rows = new ArrayList<List<String>>();
        for (var repeat : repeats) {
            var tenant = tenants.get(scenarios.indexOf(byId.get(repeat.inTenantOf())));
            var scenario = byId.get(repeat.of());
            var answer = outcome.memoryAnswers().get(tenant);
            var before = outcome.answers().get(tenant);
            var past = answer == null ? List.<dev.debugd.context.snapshot.Context.PastIncident>of() : answer.pastIncidents();
            var citedScenarios = past.stream().map(p -> scenarioOfIncident.getOrDefault(tenant + "/" + p.incidentId(), p.incidentId())
                    + " (" + BenchReport.plain(p.similarity()) + ")").toList();
            boolean right = answer != null && new RcaScore.Answer(scenario, answer.ranked()).right();
            String rightBefore = "";
            if (repeat.twin()) {
                twins++;
                boolean citesTwin = !past.isEmpty() && before != null && past.get(0).incidentId().equals(before.incidentId());
                twinsCiting += citesTwin ? 1 : 0;
                twinsRight += right ? 1 : 0;
                boolean wasRight = before != null && new RcaScore.Answer(scenario, before.ranked()).right();
                twinsRightBefore += wasRight ? 1 : 0;
                rightBefore = wasRight ? "yes" : "no";
            } else {
                controls++;
                controlsCiting += past.isEmpty() ? 0 : 1;
            }
            var first = answer == null || answer.ranked().isEmpty() ? null : answer.ranked().get(0);
            rows.add(List.of(scenario.id(), repeat.twin() ? "twin" : "control in " + repeat.inTenantOf() + "'s tenant",
                    first == null ? (answer == null ? "(not detected)" : "(no answer in time)")
                            : first.category().wire() + " " + BenchReport.plain(first.confidence()),
                    right ? "yes" : "no", rightBefore, citedScenarios.isEmpty() ? "—" : String.join(", ", citedScenarios)));
        }
        if (!repeats.isEmpty()) {
            System.out.println(new BenchReport(List.of("memory pass", "kind", "answer", "right", "right in the first pass",
                    "past incidents cited (similarity)"), rows, Map.of("repeats", (double) repeats.size())).markdown());
        }
        double memoryP95 = percentile(outcome.memoryMillis(), 95);
        double rawP95 = percentile(outcome.rawMemoryMillis(), 95);
        summary.add(List.of("contexts citing a past incident", String.valueOf(cited), ""));
        summary.add(List.of("memory search p95 ms (bare: model + SQL)", BenchReport.plain(memoryP95), BenchReport.plain(rawP95)));
        results.put("memory_cited", (double) cited);
        results.put("memory_p95_ms", memoryP95);
        if (twins > 0) {
            summary.add(List.of("twins citing their first occurrence", twinsCiting + " of " + twins, ""));
            summary.add(List.of("twins right first: with the memory / their first pass", twinsRight + " / " + twinsRightBefore, ""));
            results.put("twins_cite_twin", (double) twinsCiting / twins);
            results.put("top1_twins", (double) twinsRight / twins);
            results.put("top1_twins_without", (double) twinsRightBefore / twins);
        }
        if (controls > 0) {
            summary.add(List.of("controls citing anything", controlsCiting + " of " + controls, ""));
            results.put("controls_cite", (double) controlsCiting / controls);
        }
        results.put("memory_raw_p95_ms", rawP95);
    }

    /** The nearest-rank percentile; 0 for no values. */
    static double percentile(List<Double> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        var sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
