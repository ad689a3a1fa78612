package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.config.LocalSecrets;
import dev.debugd.config.ResourceName;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.generate.TrafficGenerator;
import dev.debugd.health.ServerChecks;
import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.readmodel.Replay;
import dev.debugd.standins.github.DemoRepository;
import dev.debugd.standins.github.GitHubStandIn;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.kafka.TimelineReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The platform on the local stack, end to end: checks the servers, starts the API, the detector and the dispatcher with
 * the context builder, the builtin agents and the GitHub integration worker as processes of their own (as their
 * Deployments run), sends generated traffic with seven faults for a new tenant like the example one, and tells the story
 * as the timeline records it, from each incident and its context to its fix, its pull request on the GitHub stand-in and
 * the merge the stand-in's webhook reports.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the platform on the local stack (bin/debugd demo starts the stack first): checks that Kafka, SQS, "
            + "ClickHouse and PostgreSQL + pgvector answer, starts `serve`, `detect`, `dispatch --local-workers` and `project` for "
            + "a new tenant like the example one (helm/examples), sends generated traffic with seven faults through the API, and "
            + "prints what the timeline records and how soon the read model had it, with the dashboard's address and a token to "
            + "sign in with. After the story the dashboard stays up until Ctrl-C; with --exit-when-done the demo exits 0 once every "
            + "fault was detected, worked through and in the read model, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** How long the stand-in's reviewer takes to merge a pull request. */
    private static final Duration REVIEW = Duration.ofSeconds(3);
    /** How long the demo's deployment pipeline takes to ship a merged fix to its service. */
    private static final Duration SHIP = Duration.ofSeconds(4);

    @Option(names = "--port", defaultValue = "0", description = "The API's port (default: a free one).")
    int port;

    @Option(names = "--buckets", defaultValue = "90", description = "Buckets of traffic (default ${DEFAULT-VALUE}).")
    int buckets;

    @Option(names = "--services", defaultValue = "8", description = "Services (default ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the traffic (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--settle", defaultValue = "15s", description = "Quiet time after the last fault's incident before the"
            + " demo ends (default ${DEFAULT-VALUE}).")
    String settle;

    /** The demo's own short grid: a fault is detected seconds after it starts, not minutes. */
    @Mixin
    GridOptions gridOptions = GridOptions.of("2s", "4s");

    @Mixin
    TopicOptions topicOptions;

    @Mixin
    QueueOptions queueOptions;

    @Mixin
    EvidenceDatabaseOptions evidenceDatabase;

    @Option(names = "--exit-when-done", description = "End after the story, with 0 when every fault was worked through and 1"
            + " otherwise, rather than keep serving the dashboard until Ctrl-C (for scripts and tests).")
    boolean exitWhenDone;

    @Option(names = "--tenant", description = "The tenant the demo's traffic belongs to (default: a new one, demo-<epoch"
            + " seconds>, so that earlier runs are not this run's baseline).")
    String tenant;

    @Override
    public Integer call() throws Exception {
        var grid = gridOptions.grid();
        var traffic = grid.width().multipliedBy(buckets);
        var settleTime = Durations.parse(settle, "--settle");
        System.out.println("demo: the platform on the local stack, end to end. It starts the API, the detector, the dispatcher"
                + " with the context builder, the builtin agents and the GitHub integration worker, and the projector, sends "
                + services + " services' traffic with seven faults through the API, and prints each fact the timeline records as"
                + " it comes: every fault becomes an incident, the context builder reads its evidence, the RCA Agent names a root"
                + " cause, and a confident one goes to a fix, a doubtful one to instrumentation; a fix with a diff becomes a pull"
                + " request on a GitHub stand-in, whose merge comes back as a fact; the demo's pipeline deploys it, the resolver"
                + " watches the evidence after the deploy and the Evaluation Agent judges it: a fix that holds resolves its"
                + " incident.");
        System.out.printf("demo: about %s: %d buckets of %ss of traffic (%s), then %s with nothing new.%n",
                minutes(traffic.plusSeconds(20)), buckets, grid.widthSeconds(), minutes(traffic), settle);
        var endpoints = Endpoints.fromEnvironment();
        var topics = topicOptions.topics();
        var logs = Files.createTempDirectory("debugd-demo-");
        DemoConsole.keepLibraryWarningsIn(logs.resolve("demo.log"));
        var checks = new ServerChecks(endpoints, topics.all()).runAll();
        System.out.println("| server | endpoint | status | detail | ms |");
        System.out.println("|---|---|---|---|---|");
        for (var check : checks) {
            System.out.printf("| %s | %s | %s | %s | %d |%n", check.server(), check.endpoint(),
                    check.ok() ? "ok" : "FAILED", check.detail(), check.millis());
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        if (failed > 0) {
            System.out.println("demo: " + failed + " server(s) failed (above); start the stack with bin/stack up");
            return 1;
        }
        var jar = Path.of(System.getProperty("java.class.path"));
        if (!jar.toString().endsWith(".jar")) {
            throw new IllegalArgumentException("run the demo through bin/debugd (it needs the executable jar)");
        }
        var apiPort = port != 0 ? port : freePort();
        // A tenant of its own for each run: what earlier runs sent is not this run's baseline, and its errors are new.
        var tenant = this.tenant != null ? this.tenant : "demo-" + System.currentTimeMillis() / 1000;
        if (!ResourceName.isValid(tenant)) {
            throw new IllegalArgumentException("--tenant '" + tenant + "' must be a DNS label (lower-case letters, digits, '-')");
        }
        var repository = DemoRepository.build();
        var examples = Files.createDirectories(logs.resolve("manifests"));
        var java = ProcessHandle.current().info().command().orElse("java");
        // What serve and detect must share with each other and with the traffic.
        var sharedArgs = List.of("--bucket", gridOptions.bucket, "--lateness", gridOptions.lateness, "--topic-prefix", topicOptions.prefix,
                "--clickhouse-database", evidenceDatabase.name);
        // The Integration's webhook secret, for this run only: the stand-in signs its deliveries with it, the API checks them.
        var webhookSecret = new SecretKeyRef(tenant + "-github", "webhook");
        var secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (var reader = new TimelineReader(endpoints.kafka(), topics, Replay.AGENT, 500,
                EventCodec.Contexts.KEPT); var roles = new Roles(java, jar, logs, Map.of(LocalSecrets.variable(webhookSecret), secret));
                var readModel = new DemoReadModelWatch(endpoints.postgres());
                var github = GitHubStandIn.start(repository, 0)) {
            Files.writeString(examples.resolve(tenant + ".yaml"), manifests(tenant, repository.name(), github.apiUrl(), webhookSecret));
            System.out.println("demo: tenant " + tenant + " (manifests in " + examples + ")");
            System.out.println("demo: GitHub stand-in (a local server speaking GitHub's REST API, not GitHub) at " + github.apiUrl()
                    + ", serving " + repository.name() + ": " + repository.releases().size() + " commits, deployed as the"
                    + " services' releases; it merges each pull request " + minutes(REVIEW) + " after it is opened, as a reviewer"
                    + " would, and sends the signed webhook");
            // The demo's deployment pipeline: a merged fix is shipped to its incident's service a few seconds later (the
            // traffic's service runs the merge commit from then on, and GitHub reports the deployment).
            var running = new AtomicReference<TrafficGenerator.Run>();
            var pipeline = Executors.newSingleThreadScheduledExecutor(task -> {
                var thread = new Thread(task, "demo-pipeline");
                thread.setDaemon(true);
                return thread;
            });
            var story = new Story(tenant, readModel, (service, merge) -> pipeline.schedule(() -> {
                try {
                    github.deploy(merge, "production");
                    running.get().deploy(service, merge, true);
                } catch (RuntimeException e) {
                    System.out.println("demo: the pipeline could not deploy " + merge + " to " + service + ": " + e.getMessage());
                }
            }, SHIP.toMillis(), TimeUnit.MILLISECONDS));
            // The story starts at the timeline's end as it is now: earlier runs' events are not this demo's.
            var partitions = reader.partitions();
            var startEnds = reader.endOffsets(partitions);
            reader.assign(startEnds);
            roles.start("serve", concat(List.of("serve", "--port", String.valueOf(apiPort)), sharedArgs));
            var api = URI.create("http://127.0.0.1:" + apiPort);
            awaitHealthy(api, roles);
            github.deliverWebhooksTo(api.resolve("/v1/webhooks/github/" + webhookSecret.name()), secret);
            github.mergeAfter(REVIEW);
            roles.start("resolve", concat(List.of("resolve", "--every", "1s"), sharedArgs));
            roles.start("detect", concat(List.of("detect", "--grace", "1s", "--every", "1s"), sharedArgs));
            roles.start("dispatch", concat(List.of("dispatch", "--manifests", examples.toString(), "--local-workers",
                    "--queue-prefix", queueOptions.prefix), sharedArgs));
            roles.start("project", List.of("project", "--metrics-port", "0", "--lag-every", "1s", "--topic-prefix", topicOptions.prefix));
            System.out.println("demo: API " + api + ", detector, dispatcher with the context builder, the builtin agents and the"
                    + " GitHub integration worker, resolver and projector running; their logs in " + logs);
            var token = token(endpoints, tenant, "demo-traffic", Set.of(Scope.INGEST));
            System.out.println("demo: dashboard " + api + "/ (sign in with the API token " + token(endpoints, tenant, "visitor",
                    Set.of(Scope.READ, Scope.ACT)) + ", which may read and act for " + tenant + ")");
            var following = new AtomicBoolean(true);
            var teller = new Thread(() -> story.follow(reader, following::get), "demo-story");
            teller.start();
            TrafficGenerator.Traffic sent;
            try {
                // A new exception goes on until its fix is deployed (for at most the whole traffic).
                sent = GenerateCommand.live(api, token, new TrafficGenerator.Settings(seed, services, buckets, true,
                        repository.benignReleases(), TrafficGenerator.NOVEL_FAULT_SERVICES.stream().map(repository::faultyRelease).toList(),
                        buckets), grid, Clock.systemUTC(), System.out, running::set);
                story.awaitSettled(sent.faults().size(), settleTime, grid.width().plus(grid.lateness()).multipliedBy(4).plusSeconds(60));
            } finally {
                following.set(false);
                teller.join(5_000);
                pipeline.shutdownNow();
            }
            var admission = AdmissionDelays.measure(endpoints.kafka(), topics, tenant, startEnds);
            var told = story.summary(sent, roles, readModel.await(Duration.ofSeconds(10)), admission);
            if (!exitWhenDone) {
                // What happens from now on (a person's incident from the dashboard, say) is told as it comes too.
                var listener = new Thread(() -> story.follow(reader, () -> true), "demo-story");
                listener.setDaemon(true);
                listener.start();
                serveUntilStopped(api, roles);
            }
            return told ? 0 : 1;
        }
    }

    /**
     * Keeps the roles (and so the dashboard and the pipeline behind it) running until Ctrl-C or SIGTERM: the shutdown hook
     * stops them, since the demo's own try-with-resources never gets to.
     */
    private static void serveUntilStopped(URI api, Roles roles) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                roles.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop"));
        System.out.println("demo: the dashboard stays at " + api + "/ with the pipeline behind it until Ctrl-C"
                + " (bin/debugd demo --exit-when-done ends after the story)");
        new CountDownLatch(1).await();
    }

    /**
     * The example tenant's manifests (helm/examples/acme.yaml) for this run's tenant, its GitHub Integration reading the
     * stand-in.
     */
    private static String manifests(String tenant, String repository, URI githubApi, SecretKeyRef webhookSecret) {
        var agents = new StringBuilder();
        for (var agent : List.of("rca", "fix", "instrumentation", "evaluation")) {
            agents.append("""
                    ---
                    apiVersion: debugd.dev/v1alpha1
                    kind: AgentProfile
                    metadata: {name: %1$s-%2$s}
                    spec: {tenant: %1$s, agent: %2$s, version: 1.0.0, provider: builtin}
                    """.formatted(tenant, agent));
        }
        return """
                apiVersion: debugd.dev/v1alpha1
                kind: Tenant
                metadata: {name: %1$s}
                spec: {confidenceThreshold: 0.7, fixLoop: {deployWait: 10s, observationWindow: 20s, maxCycles: 3}}
                ---
                apiVersion: debugd.dev/v1alpha1
                kind: Integration
                metadata: {name: %1$s-github}
                spec: {tenant: %1$s, type: github, repository: %2$s, apiUrl: '%3$s', webhookSecret: {name: %4$s, key: %5$s}}
                """.formatted(tenant, repository, githubApi, webhookSecret.name(), webhookSecret.key()) + agents;
    }

    /** "2 min 30 s", "45 s": how long, as a person says it. */
    static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitHealthy(URI api, Roles roles) throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var request = HttpRequest.newBuilder(api.resolve("/healthz")).timeout(Duration.ofSeconds(5)).build();
        var retry = HttpRetry.quietlyBackingOff("demo: waiting for the API", Duration.ofMillis(250), Duration.ofSeconds(2), 60,
                response -> response.statusCode() != 200);
        var response = retry.executeCallable(() -> {
            roles.requireRunning(); // a role that died is not waited for
            return http.send(request, HttpResponse.BodyHandlers.discarding());
        });
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the API did not become healthy; see " + roles.log("serve"));
        }
    }

    /** A token of the demo's tenant: new each run, since a token is shown only when it is made. */
    private static String token(Endpoints endpoints, String tenant, String name, Set<Scope> scopes) throws Exception {
        try (var pool = new Postgres(endpoints.postgres()).pool("demo", 1)) {
            // Names are unique per tenant, and --tenant may name one of an earlier run.
            return new ApiTokens(pool).create(tenant, name + "-" + System.currentTimeMillis() / 1000, scopes, "demo");
        }
    }

    /** The roles as processes of their own, each logging to a file; stopped (SIGTERM) when the demo ends. */
    private static final class Roles implements AutoCloseable {
        private final String java;
        private final Path jar;
        private final Path logs;
        private final Map<String, Process> running = new TreeMap<>();
        private final Map<String, String> environment;

        /** @param environment added to each role's (the local mode's Secrets are environment variables, LocalSecrets) */
        Roles(String java, Path jar, Path logs, Map<String, String> environment) {
            this.java = java;
            this.jar = jar;
            this.logs = logs;
            this.environment = Map.copyOf(environment);
        }

        Path log(String role) {
            return logs.resolve(role + ".log");
        }

        void start(String role, List<String> args) throws IOException {
            var command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
            command.addAll(args);
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(role).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            running.put(role, builder.start());
        }

        /** The roles that stopped before the demo's end, each with its exit code and log. */
        List<String> stopped() {
            var stopped = new ArrayList<String>();
            running.forEach((role, process) -> {
                if (!process.isAlive()) {
                    stopped.add(role + " stopped (exit " + process.exitValue() + "); see " + log(role));
                }
            });
            return stopped;
        }

        void requireRunning() {
            var stopped = stopped();
            if (!stopped.isEmpty()) {
                throw new IllegalStateException(stopped.get(0));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.values().forEach(Process::destroy);
            for (var process : running.values()) {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** What the timeline records for the tenant, printed as it comes. */
    private static final class Story {
        private final String tenant;
        private final DemoReadModelWatch readModel;
        private final List<Event> detected = new CopyOnWriteArrayList<>();
        private final Set<String> proposed = ConcurrentHashMap.newKeySet();
        private final Set<String> instrumented = ConcurrentHashMap.newKeySet();
        /** The files each incident's fix diff changes. */
        private final Map<String, List<String>> diffs = new ConcurrentHashMap<>();
        private final Map<String, Integer> pullRequests = new ConcurrentHashMap<>();
        private final Set<String> mergedPullRequests = ConcurrentHashMap.newKeySet();
        private final java.util.Map<String, Payload.RootCauseProposed> causes = new ConcurrentHashMap<>();
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private final Set<String> resolved = ConcurrentHashMap.newKeySet();
        private final Set<String> reopened = ConcurrentHashMap.newKeySet();
        private final Map<String, String> verdicts = new ConcurrentHashMap<>();
        private final BiConsumer<String, String> pipeline;
        private long lastEvent = System.nanoTime();

        /** @param pipeline ships a merged fix (its merge commit) to a service */
        Story(String tenant, DemoReadModelWatch readModel, BiConsumer<String, String> pipeline) {
            this.tenant = tenant;
            this.readModel = readModel;
            this.pipeline = pipeline;
        }

        void follow(TimelineReader reader, BooleanSupplier going) {
            while (going.getAsBoolean()) {
                for (var record : reader.poll(Duration.ofMillis(500)).records()) {
                    var event = record.event();
                    if (event.tenantId().equals(tenant)) {
                        tell(event);
                    }
                }
            }
        }

        private synchronized void tell(Event event) {
            readModel.seen(event.eventId());
            lastEvent = System.nanoTime();
            notifyAll();
            counts.merge(event.eventType(), 1, Integer::sum);
            var detail = "";
            if (event.payload() instanceof Payload.FixDrafted || event.payload() instanceof Payload.FixProposed) {
                proposed.add(event.incidentId());
            }
            if (event.payload() instanceof Payload.InstrumentationProposed) {
                instrumented.add(event.incidentId());
            }
            if (event.payload() instanceof Payload.IncidentDetected d) {
                detected.add(event);
                detail = d.rule() + " in " + d.service() + " (" + d.title() + ")";
            } else if (event.payload() instanceof Payload.TaskRequested t) {
                detail = t.taskType();
            } else if (event.payload() instanceof Payload.ContextBuilt built) {
                detail = describe(built);
            } else if (event.payload() instanceof Payload.FixDrafted fix) {
                if (fix.hasPatch()) {
                    diffs.put(event.incidentId(), changedFiles(fix.patch()));
                }
                detail = shorten((fix.hasPatch() ? "diff of " + String.join(", ", changedFiles(fix.patch())) + ": "
                        : "described change (no diff, so no pull request): ") + fix.summary());
            } else if (event.payload() instanceof Payload.FixProposed pr) {
                pullRequests.put(event.incidentId(), pr.pullRequest());
                detail = "pull request #" + pr.pullRequest() + " opened on the stand-in: " + pr.url() + " (branch " + pr.branch() + ")";
            } else if (event.payload() instanceof Payload.FixApplied merged) {
                mergedPullRequests.add(event.incidentId());
                detail = "pull request #" + merged.pullRequest() + " merged by " + merged.mergedBy() + " as "
                        + shortSha(merged.mergeCommitSha());
                var service = service(event.incidentId());
                if (service.isPresent()) {
                    pipeline.accept(service.get(), merged.mergeCommitSha());
                    detail += "; the pipeline ships it to " + service.get() + " in " + minutes(SHIP);
                }
            } else if (event.payload() instanceof Payload.DeploymentSucceeded deployed) {
                detail = shortSha(deployed.sha()) + " deployed to " + deployed.environment() + " (GitHub's deployment_status)";
            } else if (event.payload() instanceof Payload.FixDeployed deployed) {
                detail = "the merge " + shortSha(deployed.mergeCommitSha()) + " runs in deploy " + shortSha(deployed.deployHash());
            } else if (event.payload() instanceof Payload.EvaluationDue due) {
                detail = "window " + TIME.format(due.windowStart()) + "-" + TIME.format(due.windowEnd()) + " final: " + figures(due);
            } else if (event.payload() instanceof Payload.EvaluationCompleted judged) {
                verdicts.put(event.incidentId(), judged.verdictOrPassed());
                detail = shorten(judged.assessment());
            } else if (event.payload() instanceof Payload.IncidentResolved done) {
                resolved.add(event.incidentId());
                detail = "resolved (" + done.reason() + ")";
            } else if (event.payload() instanceof Payload.InvestigationReopened again) {
                reopened.add(event.incidentId());
                detail = "cycle " + event.cycle() + ": " + shorten(again.reason());
            } else if (event.payload() instanceof Payload.InstrumentationProposed proposal) {
                detail = shorten(proposal.additions().size() + " addition(s): " + String.join("; ", proposal.additions()));
            } else if (event.payload() instanceof Payload.RootCauseProposed cause) {
                causes.putIfAbsent(event.incidentId(), cause);
                detail = shorten(cause.category().wire() + " (" + cause.confidence() + "): " + cause.hypothesis());
            }
            System.out.printf("  %s %-26s %-22s %s%n", TIME.format(event.time()), event.incidentId(), event.eventType(), detail);
        }

        /** The service an incident is about, from its detection. */
        private Optional<String> service(String incident) {
            return detected.stream().filter(e -> e.incidentId().equals(incident)).map(e -> ((Payload.IncidentDetected) e.payload())
                    .service()).findFirst();
        }

        private static String shortSha(String sha) {
            return sha.substring(0, Math.min(8, sha.length()));
        }

        /** An evaluation's before/after figures, as a person reads them. */
        private static String figures(Payload.EvaluationDue due) {
            var m = due.metrics();
            var line = String.format(Locale.ROOT, "requests %.0f before the fault, %.0f after the fix; failed %.1f %% -> %.1f %%",
                    m.getOrDefault("requests_before", 0.0), m.getOrDefault("requests_after", 0.0),
                    100 * m.getOrDefault("error_rate_before", 0.0), 100 * m.getOrDefault("error_rate_after", 0.0));
            if (m.containsKey("signature_per_minute_before")) {
                line += String.format(Locale.ROOT, "; the error %.1f/min -> %.1f/min", m.get("signature_per_minute_before"),
                        m.get("signature_per_minute_after"));
            }
            return line + (due.inconclusive() == null ? "" : " (inconclusive: " + due.inconclusive() + ")");
        }

        /** What became of an incident's pull request, for its summary line. */
        private String pullRequest(String incident) {
            var number = pullRequests.get(incident);
            if (number == null) {
                return ", NO pull request";
            }
            if (!mergedPullRequests.contains(incident)) {
                return ", pull request #" + number + " opened, NOT merged";
            }
            return ", pull request #" + number + " opened and merged (FixApplied)" + (resolved.contains(incident)
                    ? ", deployed, evaluated (" + verdicts.get(incident) + ") and RESOLVED"
                    : reopened.contains(incident) ? ", deployed, evaluated (" + verdicts.get(incident) + ") and REOPENED"
                    : ", NOT evaluated");
        }

        /** The files a unified diff changes, as its "+++ b/…" lines name them. */
        private static List<String> changedFiles(String patch) {
            return patch.lines().filter(l -> l.startsWith("+++ ")).map(l -> l.substring(4).replaceFirst("^b/", "")).toList();
        }

        private static String shorten(String line) {
            return line.length() <= 150 ? line : line.substring(0, 150) + "…";
        }

        /** What a context holds, in a line: its evidence, the deploy the fault began with, the signals it lacks. */
        private static String describe(Payload.ContextBuilt built) {
            try {
                var context = ContextJson.read(built.context().json());
                var began = context.deploys().stream().filter(Context.DeploySeen::faultBeganWithIt).map(Context.DeploySeen::deployHash)
                        .findFirst().map(hash -> ", began with deploy " + hash).orElse(", not with a deploy");
                var code = context.code() == null ? "" : context.code().files().isEmpty() ? "; no code"
                        + (context.code().missing().isEmpty() ? "" : " (" + context.code().missing().get(0) + ")")
                        : "; code of " + context.code().files().size() + " file(s) at " + context.code().commit().substring(0, 8)
                        + (context.code().changes().isEmpty() ? "" : " with the deploy's change");
                return context.exceptions().size() + " exception kind(s), " + context.logLines().size() + " log-line kind(s)"
                        + began + code + (built.missingSignals().isEmpty() ? "" : "; missing " + String.join(", ", built.missingSignals()));
            } catch (IllegalArgumentException e) {
                return "a context this demo cannot read: " + e.getMessage();
            }
        }

        /**
         * Waits until the story has this many incidents and nothing new for {@code quiet}, or {@code limit} has passed;
         * woken by each event told.
         */
        synchronized void awaitSettled(int incidents, Duration quiet, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (true) {
                long now = System.nanoTime();
                long quietLeft = quiet.toNanos() - (now - lastEvent);
                if (now >= deadline || (detected.size() >= incidents && quietLeft <= 0)) {
                    return;
                }
                long waitNanos = Math.min(deadline - now, detected.size() >= incidents ? quietLeft : deadline - now);
                wait(Math.max(1, waitNanos / 1_000_000));
            }
        }

        /**
         * Prints the summary; true when every fault became an incident with its rule and service, the agents took each
         * such incident to a fix or an instrumentation proposal, and every fix with a diff to a merged pull request.
         */
        boolean summary(TrafficGenerator.Traffic traffic, Roles roles, DemoReadModelWatch.Delays readModel,
                AdmissionDelays admission) {
            System.out.println("demo: the timeline recorded " + new TreeMap<>(counts));
            boolean all = true;
            for (var fault : traffic.faults()) {
                var incident = detected.stream().filter(e -> e.payload() instanceof Payload.IncidentDetected d
                        && d.rule().equals(fault.rule()) && d.service().equals(fault.service())).map(Event::incidentId).findFirst();
                var cause = incident.map(causes::get);
                // A confident root cause goes to a fix; a doubtful one to instrumentation (the dispatcher's threshold).
                boolean worked = cause.isPresent() && (proposed.contains(incident.get()) || instrumented.contains(incident.get()));
                // A fix with a diff goes on to a pull request, which the stand-in's reviewer merges, the pipeline deploys and
                // the resolver has evaluated: resolved, or reopened for the next cycle.
                worked &= incident.isEmpty() || !diffs.containsKey(incident.get()) || mergedPullRequests.contains(incident.get())
                        && (resolved.contains(incident.get()) || reopened.contains(incident.get()));
                System.out.printf("demo: fault '%s' in %s: %s%n", fault.kind(), fault.service(), incident.isEmpty() ? "NOT detected"
                        : "detected (" + fault.rule() + "), " + cause.map(c -> "root cause " + c.category().wire() + " ("
                        + c.confidence() + "), ").orElse("NO root cause, ") + (diffs.containsKey(incident.get()) ? "fix drafted as a diff of "
                        + String.join(", ", diffs.get(incident.get())) + pullRequest(incident.get()) : proposed.contains(incident.get()) ? "fix drafted"
                        : instrumented.contains(incident.get()) ? "instrumentation proposed" : "NOTHING proposed"));
                all &= worked;
            }
            System.out.printf("demo: the projector put %d of the %d facts into the read model (%s.incidents), each within %.1f s"
                    + " of the demo seeing it (median %.1f s)%n", readModel.delays().size(), readModel.delays().size()
                    + readModel.missing(), ReadModelSchemas.LIVE, readModel.max().toMillis() / 1000.0, readModel.median().toMillis() / 1000.0);
            all &= readModel.missing() == 0;
            System.out.println("demo: " + admission.describe(tenant));
            all &= !admission.copyMillis().isEmpty();
            var stopped = roles.stopped();
            stopped.forEach(role -> System.out.println("demo: " + role));
            System.out.println("demo: " + resolved.size() + " incident(s) resolved after their fix was deployed and evaluated, "
                    + reopened.size() + " reopened");
            System.out.println(all ? "demo: every fault was detected, given a context and a root cause, and taken to a proposal;"
                    + " every fix with a diff was merged, deployed and evaluated."
                    : "demo: some faults were not detected or not worked through; see the logs above and in " + roles.logs);
            return all && stopped.isEmpty();
        }
    }
}
