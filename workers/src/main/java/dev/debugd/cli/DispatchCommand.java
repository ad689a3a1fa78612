package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.context.ContextBuilderWork;
import dev.debugd.context.EpisodeReader;
import dev.debugd.dispatch.Dispatcher;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.dispatch.LedgerTaskInputs;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.manifests.ManifestLoader;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.OutputsTopics;
import dev.debugd.timeline.kafka.OutputsWriter;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.worker.BuiltinAgentWork;
import dev.debugd.worker.PlaceholderWork;
import dev.debugd.worker.WorkerShell;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = "Runs the dispatcher in the local mode: records the Tenant, AgentProfile and Integration manifests of a "
            + "directory as configuration facts (again whenever they change), provisions each tenant's work queues, and "
            + "dispatches triggers into them. With --local-workers it also works every tenant's tasks in this process: the context "
            + "builder for real, clearly labelled placeholders for the roles not built yet.")
final class DispatchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchCommand.class);
    private static final Event.Agent CONTEXT_BUILDER = new Event.Agent("context-builder", TaskType.COMPONENT_VERSION);

    @Option(names = "--manifests", required = true, description = "Directory of Tenant/AgentProfile/Integration YAML manifests.")
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

    @Override
    public Integer call() throws Exception {
        var endpoints = Endpoints.fromEnvironment();
        var topics = topicOptions.topics();
        var settings = new WorkQueueSettings(queueOptions.prefix, receiveBudget, Durations.parse(visibility, "--visibility"), Durations.parse(lease, "--lease"));
        LOG.info("dispatch: Kafka {} (topics {}*), SQS {} (queues {}*), Postgres {} (schema {}), manifests {}",
                endpoints.kafka().bootstrapServers(), topicOptions.prefix, endpoints.sqs(), queueOptions.prefix.isEmpty() ? "" : queueOptions.prefix,
                endpoints.postgres().jdbcUrl(), LedgerStore.SCHEMA, manifests.toAbsolutePath());
        var idle = untilIdle == null ? null : Durations.parse(untilIdle, "--until-idle");
        var postgres = new Postgres(endpoints.postgres());
        var clock = Clock.systemUTC();
        var workers = new ArrayList<WorkerShell>();
        var closeables = new ArrayList<AutoCloseable>();
        try (var sqs = SqsClients.create(endpoints.sqs()); var writer = new TimelineWriter(endpoints.kafka(), topics);
                var outputsTopics = new OutputsTopics(endpoints.kafka(), topics)) {
            var queues = new QueueProvisioning(sqs, settings);
            var loader = new ManifestLoader(manifests, endpoints.kafka(), topics, writer, new TenantProvisioning(queues, outputsTopics),
                    clock);
            var loaded = loader.load();
            LOG.info("manifests: {} tenant(s) {}, {} fact(s) recorded, {} problem(s)", loaded.tenants().size(), loaded.tenants(),
                    loaded.recorded().size(), loaded.problems().size());
            try (var wiring = Dispatcher.Wiring.connect(endpoints.kafka(), topics, sqs, queues);
                    var dispatcher = new Dispatcher(wiring, postgres, LedgerStore.SCHEMA, clock, step -> { })) {
                if (localWorkers) {
                    startWorkers(loaded.tenants(), endpoints, topics, postgres, sqs, queues, clock, workers, closeables);
                }
                run(dispatcher, loader, workers, idle);
                var admission = dispatcher.admissionStats();
                LOG.info("dispatch: stopping; {} task(s) requested, {} sent, {} abandoned; admission: {} output(s) admitted"
                        + " (copied {} ms after being written, median; {} ms at most), {} rejected", dispatcher.tasksRequested(),
                        dispatcher.tasksSent(), dispatcher.tasksAbandoned(), admission.admitted(), admission.medianDelayMillis(),
                        admission.maxDelayMillis(), admission.rejected());
            } finally {
                for (var closeable : closeables) {
                    closeable.close();
                }
            }
        }
        return 0;
    }

    private static void run(Dispatcher dispatcher, ManifestLoader loader, List<WorkerShell> workers, Duration idle) throws Exception {
        long lastActivity = System.nanoTime();
        long nextHousekeeping = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            int activity = dispatcher.step(Duration.ofMillis(200));
            for (var worker : workers) {
                activity += worker.pollOnce(Duration.ZERO).size();
            }
            if (System.nanoTime() >= nextHousekeeping) {
                activity += dispatcher.collectDeadLetters();
                activity += loader.load().recorded().size();
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

    private void startWorkers(List<String> tenants, Endpoints endpoints, TimelineTopics topics, Postgres postgres,
            software.amazon.awssdk.services.sqs.SqsClient sqs, QueueProvisioning queues, Clock clock,
            List<WorkerShell> workers, List<AutoCloseable> closeables) throws Exception {
        var fetcher = new RecordFetcher(endpoints.kafka());
        var connection = postgres.connect();
        closeables.add(fetcher);
        closeables.add(connection);
        var inputs = new LedgerTaskInputs(fetcher, connection, new LedgerStore(LedgerStore.SCHEMA));
        // Stands in for the GitHub and evaluation roles, which read no root cause's confidence.
        var work = new PlaceholderWork(0.9, List.of());
        var clickhouse = new ClickHouseHttp(endpoints.clickhouse(), evidenceDatabase.name);
        var recorded = new RecordedConfiguration(endpoints.kafka(), topics, CONTEXT_BUILDER);
        closeables.add(recorded);
        var contextBuilder = new ContextBuilderWork(new EpisodeReader(clickhouse, gridOptions.grid()), tenant -> {
            recorded.catchUp();
            return recorded.history(tenant);
        });
        for (var tenant : tenants) {
            // As a tenant's workloads do: outputs go to the tenant's outputs topic, and admission copies them.
            var writer = new OutputsWriter(endpoints.kafka(), topics, tenant);
            closeables.add(writer);
            for (var type : TaskType.values()) {
                var shell = switch (type) {
                    case CONTEXT_BUILDER -> new WorkerShell(sqs, queues, tenant, type.queue(tenant), CONTEXT_BUILDER, inputs,
                            contextBuilder, writer, clock, task -> { });
                    // One process stands in for every version's Deployment: builtin has no model to roll out.
                    case RCA, FIX, INSTRUMENTATION -> WorkerShell.forEveryVersion(sqs, queues, tenant, type.queue(tenant),
                            type.wireName(), inputs, new BuiltinAgentWork(), writer, clock);
                    default -> WorkerShell.forEveryVersion(sqs, queues, tenant, type.queue(tenant), "placeholder-" + type.wireName(),
                            inputs, work, writer, clock);
                };
                workers.add(shell);
                closeables.add(shell);
            }
        }
        LOG.info("local workers on {} queue(s): the context builder (ClickHouse {}, database {}), the builtin RCA, Fix and"
                + " Instrumentation Agents, placeholders for the GitHub and evaluation roles",
                workers.size(), endpoints.clickhouse(), evidenceDatabase.name);
    }
}
