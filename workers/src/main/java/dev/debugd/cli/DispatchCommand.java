package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.Dispatcher;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.health.RoleEndpoints;
import dev.debugd.local.LocalWorkers;
import dev.debugd.manifests.ManifestLoader;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.kafka.OutputsTopics;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.tracing.AgentTracing;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = "Runs the dispatcher: dispatches triggers into the tenants' work queues and admits their outputs. In the "
            + "local mode (--manifests) it also records the Tenant, AgentProfile and Integration manifests of a directory as "
            + "configuration facts (again whenever they change) and provisions each tenant's work queues and outputs topic; in a "
            + "cluster the operator does both. With --local-workers it also works every tenant's tasks in this process: the context "
            + "builder for real, clearly labelled placeholders for the roles not built yet. Serves GET /metrics and GET /healthz.")
final class DispatchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchCommand.class);

    /** Null in a cluster: there the operator records the custom resources, and an empty directory would delete them. */
    @Option(names = "--manifests", description = "Directory of Tenant/AgentProfile/Integration YAML manifests (the local mode).")
    Path manifests;

    @Option(names = "--local-workers", description = "Also work every tenant's tasks in this process, as its workloads"
            + " would: the context builder (reading ClickHouse), the builtin RCA, Fix and Instrumentation Agents, and"
            + " labelled placeholders for the GitHub and evaluation roles.")
    boolean localWorkers;

    /** The evidence the context builder reads. */
    @Mixin
    EvidenceDatabaseOptions evidenceDatabase;

    @Mixin
    GridOptions gridOptions;

    @Option(names = "--until-idle", description = "Stop once the history is read and nothing happened for this long"
            + " (e.g. 5s); by default run until interrupted.")
    String untilIdle;

    @Mixin
    TopicOptions topicOptions;

    @Mixin
    QueueOptions queueOptions;

    @Option(names = "--receive-budget", defaultValue = "5", description = "Receives before a task is dead-lettered (default ${DEFAULT-VALUE}).")
    int receiveBudget;

    @Option(names = "--visibility", defaultValue = "5m", description = "Visibility timeout of a received task (default ${DEFAULT-VALUE}).")
    String visibility;

    @Option(names = "--lease", defaultValue = "15m", description = "How long sent work may stay undone before it is sent again"
            + " (default ${DEFAULT-VALUE}).")
    String lease;

    @Mixin
    MetricsPortOption metricsPort;

    @Override
    public Integer call() throws Exception {
        if (localWorkers && manifests == null) {
            throw new IllegalArgumentException("--local-workers works the tenants of --manifests: give both");
        }
        var endpoints = Endpoints.fromEnvironment();
        var topics = topicOptions.topics();
        var settings = new WorkQueueSettings(queueOptions.prefix, receiveBudget, Durations.parse(visibility, "--visibility"), Durations.parse(lease, "--lease"));
        LOG.info("dispatch: Kafka {} (topics {}*), SQS {} (queues {}*), Postgres {} (schema {}), manifests {}",
                endpoints.kafka().bootstrapServers(), topicOptions.prefix, endpoints.sqsName(), queueOptions.prefix.isEmpty() ? "" : queueOptions.prefix,
                endpoints.postgres().jdbcUrl(), LedgerStore.SCHEMA, manifests == null ? "none (the operator records the configuration)"
                        : manifests.toAbsolutePath());
        var idle = untilIdle == null ? null : Durations.parse(untilIdle, "--until-idle");
        var postgres = new Postgres(endpoints.postgres());
        var clock = Clock.systemUTC();
        try (var sqs = SqsClients.create(endpoints.sqs()); var writer = new TimelineWriter(endpoints.kafka(), topics);
                var outputsTopics = new OutputsTopics(endpoints.kafka(), topics)) {
            var queues = new QueueProvisioning(sqs, settings);
            ManifestLoader loader = null;
            List<String> tenants = List.of();
            if (manifests != null) {
                loader = new ManifestLoader(manifests, endpoints.kafka(), topics, writer, new TenantProvisioning(queues, outputsTopics),
                        clock);
                var loaded = loader.load();
                LOG.info("manifests: {} tenant(s) {}, {} fact(s) recorded, {} problem(s)", loaded.tenants().size(), loaded.tenants(),
                        loaded.recorded().size(), loaded.problems().size());
                tenants = loaded.tenants();
            }
            try (var wiring = Dispatcher.Wiring.connect(endpoints.kafka(), topics, sqs, queues);
                    var dispatcher = new Dispatcher(wiring, postgres, LedgerStore.SCHEMA, clock, step -> { });
                    var workers = localWorkers ? startWorkers(tenants, endpoints, topics, postgres, sqs, queues, clock)
                            : null;
                    // Healthy while it runs: a failure of the loop ends the command.
                    var served = RoleEndpoints.start("dispatcher", metricsPort.port, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                            () -> true)) {
                LOG.info("dispatch: GET http://127.0.0.1:{}/metrics, GET http://127.0.0.1:{}/healthz", served.port(), served.port());
                run(dispatcher, loader, workers, idle);
                var admission = dispatcher.admissionStats();
                LOG.info("dispatch: stopping; {} task(s) requested, {} sent, {} abandoned; admission: {} output(s) admitted"
                        + " (copied {} ms after being written, median; {} ms at most), {} rejected", dispatcher.tasksRequested(),
                        dispatcher.tasksSent(), dispatcher.tasksAbandoned(), admission.admitted(), admission.medianDelayMillis(),
                        admission.maxDelayMillis(), admission.rejected());
            }
        }
        return 0;
    }

    /**
     * @param loader  the manifests' loader, or null
     * @param workers the local workers, or null
     */
    private static void run(Dispatcher dispatcher, ManifestLoader loader, LocalWorkers workers, Duration idle) throws Exception {
        long lastActivity = System.nanoTime();
        long nextHousekeeping = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            int activity = dispatcher.step(Duration.ofMillis(200));
            if (workers != null) {
                activity += workers.pollAfter(dispatcher.tasksSent());
            }
            if (System.nanoTime() >= nextHousekeeping) {
                activity += dispatcher.collectDeadLetters();
                if (loader != null) {
                    activity += loader.load().recorded().size();
                }
                nextHousekeeping = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            if (activity > 0) {
                lastActivity = System.nanoTime();
            } else if (idle != null && dispatcher.caughtUp() && System.nanoTime() - lastActivity > idle.toNanos()) {
                dispatcher.awaitSends();
                return;
            }
        }
    }

    private LocalWorkers startWorkers(List<String> tenants, Endpoints endpoints, TimelineTopics topics, Postgres postgres,
            SqsClient sqs, QueueProvisioning queues, Clock clock) throws Exception {
        var tracing = AgentTracing.fromEnvironment(System.getenv(), "local");
        var workers = new LocalWorkers(tenants, endpoints, topics, postgres, sqs, queues, evidenceDatabase.name, gridOptions.grid(),
                clock, LocalWorkers::fromEnvironment, UnaryOperator.identity(), tracing, millis -> { });
        LOG.info("local workers on {} queue(s): the context builder (ClickHouse {}, database {}), the builtin RCA, Fix and"
                + " Instrumentation Agents, the GitHub integration worker, a placeholder for the evaluation role; agent traces: {}",
                workers.queues(), endpoints.clickhouse(), evidenceDatabase.name, tracing.on() ? tracing.destination()
                        : "off (set OTEL_EXPORTER_OTLP_ENDPOINT to send them)");
        return workers;
    }
}
