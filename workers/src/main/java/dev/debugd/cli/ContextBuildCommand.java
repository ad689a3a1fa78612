package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.context.SharedContextBuilder;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.health.RoleEndpoints;
import dev.debugd.local.LocalWorkers;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.store.Postgres;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
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

@Command(name = "context-build", mixinStandardHelpOptions = true,
        description = "Runs the shared context builder, as the chart installs it once for a cluster: works the context-builder"
            + " queue of every tenant the configuration facts record (looked up again every --refresh), builds each incident's"
            + " context from the evidence in ClickHouse and the code of the tenant's GitHub Integration (its token in"
            + " DEBUGD_SECRET_<NAME>_<KEY>; without it the context lists the code as missing), and writes it to the tenant's"
            + " outputs topic for the dispatcher to admit. Serves GET /metrics and GET /healthz (whether the last pass reached"
            + " its servers).")
final class ContextBuildCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ContextBuildCommand.class);

    @Mixin
    EvidenceDatabaseOptions evidenceDatabase;

    @Mixin
    GridOptions gridOptions;

    @Mixin
    TopicOptions topicOptions;

    @Mixin
    QueueOptions queueOptions;

    @Option(names = "--visibility", defaultValue = "5m", description = "Visibility timeout of the queues (default ${DEFAULT-VALUE}).")
    String visibility;

    @Option(names = "--refresh", defaultValue = "10s", description = "How often to look for new and deleted tenants"
            + " (default ${DEFAULT-VALUE}).")
    String refresh;

    @Mixin
    MetricsPortOption metricsPort;

    @Override
    public Integer call() throws Exception {
        var refreshEvery = Durations.parse(refresh, "--refresh");
        var visibilityTimeout = Durations.parse(visibility, "--visibility");
        var endpoints = Endpoints.fromEnvironment();
        var topics = topicOptions.topics();
        var settings = new WorkQueueSettings(queueOptions.prefix, 5, visibilityTimeout, visibilityTimeout);
        var postgres = new Postgres(endpoints.postgres());
        try (var sqs = SqsClients.create(endpoints.sqs());
                var builder = new SharedContextBuilder(endpoints, topics, postgres, sqs, new QueueProvisioning(sqs, settings),
                        evidenceDatabase.name, gridOptions.grid(), Clock.systemUTC(), LocalWorkers::fromEnvironment,
                        ReadModelSchemas.LIVE);
                var passes = builder.start(Duration.ofSeconds(1), refreshEvery, Duration.ofMinutes(1));
                var served = RoleEndpoints.start("context-builder", metricsPort.port,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), builder::healthy)) {
            LOG.info("context-build: every recorded tenant's context-builder queue (SQS {}, queues {}*), ClickHouse {} (database"
                    + " {}), Postgres {} (schema {}), Kafka {} (topics {}*, contexts to each tenant's outputs topic); tenants"
                    + " looked up every {}; GET http://127.0.0.1:{}/metrics, GET http://127.0.0.1:{}/healthz",
                    endpoints.sqsName(), queueOptions.prefix, endpoints.clickhouse(), evidenceDatabase.name,
                    endpoints.postgres().jdbcUrl(), LedgerStore.SCHEMA, endpoints.kafka().bootstrapServers(), topicOptions.prefix,
                    refresh, served.port(), served.port());
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "context-build-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
