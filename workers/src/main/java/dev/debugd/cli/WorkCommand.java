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
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
            + "placeholder work (real agents arrive later), for one agent version.")
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

    @Option(names = "--metrics-port", defaultValue = "0", description = "Port of GET /metrics and GET /healthz"
            + " (default: any free one, logged at start).")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        var type = TaskType.fromWireName(taskType).orElseThrow(() -> new IllegalArgumentException(
                "--task-type '" + taskType + "' is not one of context-builder, rca, instrumentation, fix, github, evaluation"));
        var pause = Durations.parse(delay, "--placeholder-delay");
        var visibilityTimeout = Durations.parse(visibility, "--visibility");
        var endpoints = Endpoints.fromEnvironment();
        var topics = topicOptions.topics();
        var settings = new WorkQueueSettings(queueOptions.prefix, 5, visibilityTimeout, visibilityTimeout);
        var work = new PlaceholderWork(confidence, List.of());
        TaskHandler handler = (task, input) -> {
            LOG.info("working on {} (for {})", task.taskKey(), pause);
            Thread.sleep(pause.toMillis());
            return work.handle(task, input);
        };
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var sqs = SqsClients.create(endpoints.sqs()); var writer = new OutputsWriter(endpoints.kafka(), topics, tenant);
                var fetcher = new RecordFetcher(endpoints.kafka());
                var connection = new Postgres(endpoints.postgres()).connect();
                var tracing = AgentTracing.fromEnvironment(System.getenv(), "worker-" + type.wireName());
                var served = RoleEndpoints.start("worker", metricsPort, metrics, () -> true)) {
            tracing.bindTo(metrics);
            var queues = new QueueProvisioning(sqs, settings);
            try (var shell = new WorkerShell(sqs, queues, tenant, type.queue(tenant), new Event.Agent("placeholder-" + type.wireName(),
                    version), new LedgerTaskInputs(fetcher, connection, new LedgerStore(LedgerStore.SCHEMA)), handler, writer,
                    Clock.systemUTC(), task -> LOG.info("wrote the output of {}", task.taskKey()), tracing.tracer())) {
                LOG.info("worker for {} ({} version {}) on queue {}, writing to its outputs topic {} (Kafka {}); traces: {};"
                        + " GET http://127.0.0.1:{}/metrics, GET http://127.0.0.1:{}/healthz", tenant, type.wireName(), version,
                        settings.queueName(type.queue(tenant)), topics.outputs(tenant), endpoints.kafka().bootstrapServers(),
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
}
