package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.health.RoleEndpoints;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.local.LocalWorkers;
import dev.debugd.resolve.Resolver;
import dev.debugd.resolve.ResolverEvidence;
import dev.debugd.resolve.rules.ResolverRules;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Runs the resolver, which closes the fix loop: for every merged fix (FixApplied) it looks for a deploy"
            + " that contains the merge (a production deployment reported by the code host, or a deploy hash in the service's"
            + " evidence) and records FixDeployed; once the observation window after it (or after the merge, when no deploy was"
            + " seen within the tenant's wait) is final, it records EvaluationDue with the before/after figures from ClickHouse;"
            + " on the Evaluation Agent's verdict it records IncidentResolved, or InvestigationReopened for the next cycle up to"
            + " the tenant's maxCycles. Settings as the tenant's configuration facts recorded them at the merge. --lateness"
            + " must match the one `bin/debugd serve` runs with. Serves GET /metrics and GET /healthz (whether the last pass"
            + " read and wrote what it needed).")
final class ResolveCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ResolveCommand.class);

    @Mixin
    EvidenceDatabaseOptions evidenceDatabase;

    @Mixin
    GridOptions gridOptions;

    @Mixin
    TopicOptions topicOptions;

    @Option(names = "--every", defaultValue = "5s", description = "Pause between passes (default ${DEFAULT-VALUE}).")
    String every;

    @Option(names = "--once", description = "One pass, then exit (prints what it recorded).")
    boolean once;

    @Mixin
    MetricsPortOption metricsPort;

    @Override
    public Integer call() throws Exception {
        var endpoints = Endpoints.fromEnvironment();
        var lateness = Durations.parse(gridOptions.lateness, "--lateness");
        var clickhouse = new ClickHouseHttp(endpoints.clickhouse(), evidenceDatabase.name);
        try (var writer = new TimelineWriter(endpoints.kafka(), topicOptions.topics());
                var configuration = new RecordedConfiguration(endpoints.kafka(), topicOptions.topics(), ResolverRules.RESOLVER);
                var resolver = new Resolver(new TimelineReader(endpoints.kafka(), topicOptions.topics(), ResolverRules.RESOLVER, 500,
                        EventCodec.Contexts.CHECKED_ONLY), tenant -> {
                            configuration.catchUp();
                            return configuration.history(tenant);
                        }, new ResolverEvidence(clickhouse), LocalWorkers::fromEnvironment, GitHubCodeHost::connect,
                        writer::writeAll, lateness, Clock.systemUTC()::instant)) {
            LOG.info("resolve: Kafka {} (topics {}*), ClickHouse {} (database {}); evidence final {}s after its bucket; code"
                    + " hosts as each tenant's GitHub Integration names them", endpoints.kafka().bootstrapServers(), topicOptions.prefix,
                    endpoints.clickhouse(), evidenceDatabase.name, lateness.getSeconds());
            if (once) {
                var written = resolver.runOnce();
                System.out.println("resolve: " + written.size() + " fact(s) recorded");
                written.forEach(fact -> System.out.println("  " + fact.eventType() + " " + fact.tenantId() + "/" + fact.incidentId()
                        + " cycle " + fact.cycle()));
                return 0;
            }
            var stopped = new CountDownLatch(1);
            try (var passes = resolver.start(Durations.parse(every, "--every"), Duration.ofMinutes(1));
                    var served = RoleEndpoints.start("resolver", metricsPort.port, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                            resolver::healthy)) {
                LOG.info("resolve: GET http://127.0.0.1:{}/metrics, GET http://127.0.0.1:{}/healthz", served.port(), served.port());
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "resolve-shutdown"));
                stopped.await();
            }
        }
        return 0;
    }
}
