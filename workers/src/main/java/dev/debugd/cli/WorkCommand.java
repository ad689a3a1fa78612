package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.dispatch.LedgerTaskInputs;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.health.RoleEndpoints;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.OutputsWriter;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.tracing.AgentTracing;
import dev.debugd.worker.PlaceholderWork;
import dev.debugd.worker.TaskHandler;
import dev.debugd.worker.WorkerShell;
import dev.debugd.workqueue.HttpTaskInputs;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.TaskInputs;
import dev.debugd.workqueue.WorkQueueSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "work", mixinStandardHelpOptions = true,
        description = "Runs one worker process on one tenant's queue, as a worker Deployment does: the worker shell around "
            + "the agent or integration of --resource (the operator mounts it), or placeholder work without one, for one agent"
            + " version.")
final class WorkCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkCommand.class);

    @Option(names = "--tenant", required = true, description = "The tenant whose queue to work.")
    String tenant;

    @Option(names = "--task-type", required = true, description = "context-builder, rca, instrumentation, fix, github or evaluation.")
    String taskType;

    @Option(names = "--version", required = true, description = "This worker's agent version; tasks of other versions are released.")
    String version;

    @Option(names = "--placeholder-confidence", defaultValue = "0.9", description = "Confidence of placeholder root causes"
            + " (default ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--placeholder-delay", defaultValue = "0s", description = "How long each placeholder task takes"
            + " (default ${DEFAULT-VALUE}), to stand in for a slow model call.")
    String delay;

    @Mixin
    TopicOptions topicOptions;

    @Mixin
    QueueOptions queueOptions;

    @Option(names = "--visibility", defaultValue = "5m", description = "Visibility timeout of the queue (default ${DEFAULT-VALUE}).")
    String visibility;

    @Option(names = "--tasks", defaultValue = "0", description = "Stop after this many tasks are worked (default: run until interrupted).")
    int tasks;


    @Mixin
    MetricsPortOption metricsPort;

    @Option(names = "--resource", description = "The AgentProfile or Integration this worker runs (a manifest, as the operator"
            + " mounts it): its agent (builtin, or its model with the key in DEBUGD_SECRET_<NAME>_<KEY>) or its integration does"
            + " the work. Default: placeholder work.")
    Path resource;

    @Option(names = "--task-api", description = "The API role's URL: read each task's input and state from its task API with"
            + " the workload token in DEBUGD_TASK_API_TOKEN, as a tenant workload in a cluster does (it may not read Kafka)."
            + " Default: read them from Kafka and the ledger.")
    URI taskApi;

    @Override
    public Integer call() throws Exception {
        var type = TaskType.fromWireName(taskType).orElseThrow(() -> new IllegalArgumentException(
                "--task-type '" + taskType + "' is not one of context-builder, rca, instrumentation, fix, github, evaluation"));
        var pause = Durations.parse(delay, "--placeholder-delay");
        var visibilityTimeout = Durations.parse(visibility, "--visibility");
        var endpoints = Endpoints.fromEnvironment();
        var topics = topicOptions.topics();
        var settings = new WorkQueueSettings(queueOptions.prefix, 5, visibilityTimeout, visibilityTimeout);
        var mounted = resource == null ? null : MountedResource.read(resource);
        if (mounted != null && !mounted.taskType().equals(type.wireName())) {
            throw new IllegalArgumentException("--resource " + resource + " works " + mounted.taskType() + " tasks, not --task-type "
                    + type.wireName());
        }
        if (mounted != null && !mounted.manifest().tenant().equals(tenant)) {
            throw new IllegalArgumentException("--resource " + resource + " belongs to tenant " + mounted.manifest().tenant()
                    + ", not --tenant " + tenant);
        }
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var sqs = SqsClients.create(endpoints.sqs()); var writer = new OutputsWriter(endpoints.kafka(), topics, tenant);
                var inputs = inputs(endpoints);
                var tracing = AgentTracing.fromEnvironment(System.getenv(), "worker-" + type.wireName());
                var served = RoleEndpoints.start("worker", metricsPort.port, metrics, () -> true)) {
            tracing.bindTo(metrics);
            var queues = new QueueProvisioning(sqs, settings);
            var handler = mounted != null ? mounted.work(System.getenv(), tracing.tracer()) : placeholder(pause);
            var name = (mounted != null ? mounted.manifest().name() : "placeholder") + "-" + type.wireName();
            // An integration works the tasks of every agent version (they are keyed by task); an agent, its own version's.
            try (var shell = type == TaskType.GITHUB
                    ? WorkerShell.forEveryVersion(sqs, queues, tenant, type.queue(tenant), name, inputs.inputs(), handler, writer,
                            Clock.systemUTC(), tracing.tracer())
                    : new WorkerShell(sqs, queues, tenant, type.queue(tenant), new Event.Agent(name, version), inputs.inputs(),
                            handler, writer, Clock.systemUTC(), task -> LOG.info("wrote the output of {}", task.taskKey()),
                            tracing.tracer())) {
                LOG.info("worker for {} ({} version {}, {}) on queue {}, reading its tasks' input from {}, writing to its outputs"
                        + " topic {} (Kafka {}); traces: {}; GET http://127.0.0.1:{}/metrics, GET http://127.0.0.1:{}/healthz",
                        tenant, type.wireName(), version, mounted != null ? mounted.manifest().kind() + " " + mounted.manifest().name()
                                : "placeholder work", settings.queueName(type.queue(tenant)), inputs.source(),
                        topics.outputs(tenant), endpoints.kafka().bootstrapServers(),
                        tracing.on() ? tracing.destination() : "off (set OTEL_EXPORTER_OTLP_ENDPOINT to send them)",
                        served.port(), served.port());
                int worked = 0;
                while (!Thread.currentThread().isInterrupted() && (tasks == 0 || worked < tasks)) {
                    for (var outcome : shell.pollOnce(Duration.ofSeconds(5))) {
                        LOG.info("task outcome: {}", outcome);
                        if (outcome == WorkerShell.Outcome.DONE || outcome == WorkerShell.Outcome.ALREADY_SETTLED) {
                            worked++;
                        }
                    }
                }
            }
        }
        return 0;
    }

    private TaskHandler placeholder(Duration pause) {
        var work = new PlaceholderWork(confidence, List.of());
        return (task, input) -> {
            LOG.info("working on {} (for {})", task.taskKey(), pause);
            Thread.sleep(pause.toMillis());
            return work.handle(task, input);
        };
    }

    /** Where the worker reads its input, and what it must close. */
    private record Inputs(TaskInputs inputs, String source, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    private Inputs inputs(Endpoints endpoints) throws SQLException {
        if (taskApi != null) {
            var token = System.getenv("DEBUGD_TASK_API_TOKEN");
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("--task-api needs the workload's token in DEBUGD_TASK_API_TOKEN (the"
                        + " operator puts it in the workload's Secret)");
            }
            return new Inputs(new HttpTaskInputs(taskApi, token.strip()), "the task API at " + taskApi, () -> { });
        }
        var fetcher = new RecordFetcher(endpoints.kafka());
        var connection = new Postgres(endpoints.postgres()).connect();
        return new Inputs(new LedgerTaskInputs(fetcher, connection, new LedgerStore(LedgerStore.SCHEMA)),
                "Kafka and the ledger", () -> {
                    try {
                        fetcher.close();
                    } finally {
                        connection.close();
                    }
                });
    }
}
