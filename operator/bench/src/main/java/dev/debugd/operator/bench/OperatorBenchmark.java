package dev.debugd.operator.bench;

import dev.debugd.bench.BenchReport;
import dev.debugd.config.Endpoints;
import dev.debugd.operator.model.PlatformSettings;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/debugd bench operator}: Tenants with their AgentProfiles applied at once until every one is Ready, through
 * the operator on an API server of the benchmark's own and the real Kafka, ElasticMQ and Postgres of the stack; beside
 * the raw ceiling of the same external work done directly on as many threads as the operator reconciles on.
 */
@Command(name = "debugd bench operator", mixinStandardHelpOptions = true, version = "debugd 0.1.0-SNAPSHOT",
        sortOptions = false,
        description = {
            "Applies Tenants (Delete policy) with AgentProfiles at once to the operator, which runs against an API server of"
                + " the benchmark's own (fabric8's mock server in CRUD mode) and the real Kafka, ElasticMQ and Postgres of the"
                + " local stack, and measures the time until all are Ready, each resource's time from its create to Ready, the"
                + " reconcile executions until the operator settles, and the time until the deleted Tenants and their profiles"
                + " are gone. Beside it, the raw ceiling: the same queues,"
                + " topics, Kafka users and ACLs, Secrets, ConfigMaps, Deployments and task-API tokens made and removed"
                + " directly, no operator, on as many threads as the operator reconciles on.",
            "",
            "Tenant names are fixed (bench-t000…, and bench-r000… for the ceiling), so a rerun overwrites the same Kafka users"
                + " (users are revoked, never deleted). Topics, queues and a database of the run's own are removed at the end.",
            ""
        })
public final class OperatorBenchmark implements Callable<Integer> {

    /** DebugdOperator keeps JOSDK's number of reconcile threads; the ceiling works on as many. */
    static final int THREADS = ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER;

    @Option(names = "--tenants", defaultValue = "100", paramLabel = "N", description = "Tenants to apply (default ${DEFAULT-VALUE}, at most "
            + Fleet.MAX_TENANTS + ").")
    int tenants;

    @Option(names = "--profiles-per-tenant", defaultValue = "4", paramLabel = "N", description = "AgentProfiles of each tenant, one per agent in the"
            + " order rca, fix, instrumentation, evaluation (default ${DEFAULT-VALUE}, at most 4).")
    int profilesPerTenant;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS", description = "How long to wait in each phase:"
            + " for every resource to be Ready, for the operator to settle, for the deleted ones to be gone (default"
            + " ${DEFAULT-VALUE}).")
    int timeout;

    private final PrintStream progress = System.err;

    public static void main(String[] args) {
        var commandLine = new CommandLine(new OperatorBenchmark());
        // Mistaken options are the user's to fix: the message, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("debugd: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (timeout < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        var fleet = new Fleet("bench-t", OperatorPart.NAMESPACE, tenants, profilesPerTenant);
        var rawFleet = new Fleet("bench-r", RawPart.NAMESPACE, tenants, profilesPerTenant);
        var endpoints = Endpoints.fromEnvironment();
        try (var scope = RunScope.open(endpoints); var api = ApiServer.start()) {
            // Deployments never run here: the image and the API's addresses only fill their specs.
            var platform = new PlatformSettings("debugd/worker:bench", endpoints.kafka().bootstrapServers(), scope.topics.prefix(),
                    scope.queues.queuePrefix(), endpoints.sqs(), "us-east-1", URI.create("https://debugd.example/"),
                    URI.create("http://debugd-api.debugd.svc:80"));
            var operator = new OperatorPart(scope, api, platform, Duration.ofSeconds(timeout), progress).run(fleet);
            scope.requireNothingLeft("the operator");
            var raw = new RawPart(scope, api, platform, THREADS, progress).run(rawFleet);
            scope.requireNothingLeft("the raw ceiling");
            var report = report(fleet, operator, raw);
            System.out.print(report.markdown());
            System.out.println(report.resultLine());
        }
        return 0;
    }

    static BenchReport report(Fleet fleet, Outcome operator, Outcome raw) {
        var tenants = Percentiles.of(operator.tenants());
        var profiles = Percentiles.of(operator.profiles());
        var rawTenants = Percentiles.of(raw.tenants());
        var rawProfiles = Percentiles.of(raw.profiles());
        int resources = operator.tenants().size() + operator.profiles().size();
        var header = List.of("measure", "operator", "raw ceiling (same run, " + THREADS + " threads, no operator)", "share");
        var rows = List.of(
                List.of(fleet.tenants() + " Tenants and " + fleet.tenants() * fleet.profilesPerTenant()
                        + " AgentProfiles applied at once → all Ready", seconds(operator.ready()),
                        seconds(raw.ready()) + " (all made)", share(raw.ready(), operator.ready())),
                List.of("a Tenant: create → Ready, p50 / p95 / max", millis(tenants),
                        millis(rawTenants) + " (its queues and outputs topic made)", ""),
                List.of("an AgentProfile: create → Ready, p50 / p95 / max", millis(profiles),
                        millis(rawProfiles) + " (its user, ACLs, objects and token made)", ""),
                List.of("reconcile executions until the operator settled", operator.reconciles() + " ("
                        + BenchReport.plain(round((double) operator.reconciles() / resources, 2)) + " per resource)", "", ""),
                List.of("the Tenants deleted (Delete policy) → they and their profiles gone", seconds(operator.removal()),
                        seconds(raw.removal()) + " (all removed)", share(raw.removal(), operator.removal())));
        var results = new LinkedHashMap<String, Double>();
        results.put("all_ready_s", round(operator.ready().toMillis() / 1000.0, 2));
        results.put("tenant_ready_p95_ms", (double) Math.round(tenants.p95()));
        results.put("profile_ready_p50_ms", (double) Math.round(profiles.p50()));
        results.put("profile_ready_p95_ms", (double) Math.round(profiles.p95()));
        results.put("raw_s", round(raw.ready().toMillis() / 1000.0, 2));
        results.put("resources", (double) resources);
        results.put("delete_s", round(operator.removal().toMillis() / 1000.0, 2));
        results.put("raw_remove_s", round(raw.removal().toMillis() / 1000.0, 2));
        results.put("reconciles", (double) operator.reconciles());
        return new BenchReport(header, rows, results);
    }

    private static String seconds(Duration duration) {
        return BenchReport.plain(round(duration.toMillis() / 1000.0, 2)) + " s";
    }

    private static String millis(Percentiles percentiles) {
        return Math.round(percentiles.p50()) + " / " + Math.round(percentiles.p95()) + " / " + Math.round(percentiles.max()) + " ms";
    }

    /** The ceiling's time as a share of the operator's: how close the operator comes to the work it must do anyway. */
    private static String share(Duration ceiling, Duration measured) {
        return Math.round(100.0 * ceiling.toNanos() / measured.toNanos()) + " %";
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
