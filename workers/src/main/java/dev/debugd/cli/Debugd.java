package dev.debugd.cli;

import dev.debugd.bench.ApiBenchmark;
import dev.debugd.bench.DispatchBenchmark;
import dev.debugd.bench.GroupingBenchmark;
import dev.debugd.bench.IngestBenchmark;
import dev.debugd.bench.KafkaProduceBenchmark;
import dev.debugd.bench.ReplayBenchmark;
import dev.debugd.bench.rca.RcaBenchmark;
import dev.debugd.bench.tracing.TracingBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The product's command line, {@code bin/debugd}. */
@Command(name = "debugd", mixinStandardHelpOptions = true, version = "debugd 0.1.0-SNAPSHOT",
        description = {
            "An AI on-call engineer: detects incidents in your evidence, proposes root causes and fixes, "
                + "and keeps the whole debugging history as events in Kafka.",
            "",
            "Servers are found through KAFKA_BOOTSTRAP_SERVERS, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD "
                + "(KAFKA_SECURITY_PROTOCOL=SASL_SSL and KAFKA_SSL_TRUSTSTORE_LOCATION/_PASSWORD for TLS), SQS_ENDPOINT, "
                + "CLICKHOUSE_URL and PGHOST/PGPORT/PGUSER/PGDATABASE, as `bin/stack env` prints them; "
                + "ClickHouse's login through CLICKHOUSE_USER and CLICKHOUSE_PASSWORD; without SQS_ENDPOINT, SQS is AWS's own, with "
                + "the AWS SDK's default credentials and region (the README's Configuration has the rest).",
            "",
            "Every option can also come from an environment variable: DEBUGD_ and the option's name in upper case with '_' "
                + "for '-' (--topic-prefix <-> DEBUGD_TOPIC_PREFIX). An option given on the command line wins.",
            ""
        },
        subcommands = {DemoCommand.class, ServeCommand.class, TokensCommand.class, DetectCommand.class, GenerateCommand.class,
            SignatureCommand.class,
            ReplayCommand.class, ProjectCommand.class, DispatchCommand.class, ContextBuildCommand.class, ResolveCommand.class,
            WorkCommand.class, Debugd.Bench.class})
public final class Debugd {

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Runs a benchmark on the real stack. Each prints a Markdown table of its figures beside a raw "
                + "ceiling measured in the same run, and ends with one line `RESULT name=value …`.",
                "",
                "Besides those below, `bin/debugd bench operator` (its --help says more): Tenants and AgentProfiles applied at "
                + "once through the operator until all are Ready, beside the same work done directly. It runs from a jar of "
                + "its own (operator/bench), as the operator depends on the workers.",
                ""},
            subcommands = {KafkaProduceBenchmark.class, ReplayBenchmark.class, DispatchBenchmark.class, IngestBenchmark.class, RcaBenchmark.class,
                GroupingBenchmark.class, TracingBenchmark.class, ApiBenchmark.class})
    static final class Bench {}

    public static void main(String[] args) {
        var commandLine = new CommandLine(new Debugd()).setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        // Configuration mistakes are the user's to fix: show the message, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("debugd: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }
}
