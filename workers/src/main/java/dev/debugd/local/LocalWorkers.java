package dev.debugd.local;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.config.LocalSecrets;
import dev.debugd.context.ContextBuilderWork;
import dev.debugd.context.MemorySearch;
import dev.debugd.context.SentryContextReader;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.dispatch.LedgerTaskInputs;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.integrations.github.GitHubPullRequests;
import dev.debugd.integrations.sentry.SentryApi;
import dev.debugd.integrations.sentry.SentryIssues;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.kafka.OutputsWriter;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.tracing.AgentTracing;
import dev.debugd.worker.AgentWork;
import dev.debugd.worker.GitHubWork;
import dev.debugd.worker.TaskHandler;
import dev.debugd.worker.WorkerShell;
import dev.debugd.workqueue.QueueProvisioning;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every tenant's workloads in one process, as the local mode runs them: the context builder (reading ClickHouse, and
 * code through the tenant's GitHub Integration with the token {@link LocalSecrets} names), the RCA, Fix and
 * Instrumentation Agents (builtin, or the model its profile names), the Evaluation Agent (its builtin rule), and the
 * GitHub integration worker (pull requests). Each tenant's outputs go to its own outputs topic, for the dispatcher's
 * admission to copy.
 */
public final class LocalWorkers implements AutoCloseable {

    /** How long one request to a model may take. */
    private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(60);

    private final List<WorkerShell> shells = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private long lastTasksSent = -1;
    private long nextPoll;

    /** Credentials by the Secret key a resource names, as the local mode finds them: {@link LocalSecrets}' variables. */
    public static Optional<String> fromEnvironment(SecretKeyRef ref) {
        return Optional.ofNullable(System.getenv(LocalSecrets.variable(ref)));
    }

    /**
     * @param secrets        credentials by the Secret key a resource names ({@link #fromEnvironment} in the local mode)
     * @param contextBuilder wraps the context builder's work (a benchmark times it); {@code UnaryOperator.identity()}
     *                       otherwise
     * @param tracing        where the agents' runs are traced; closed with the workers
     * @param memorySearches told how long each search of the memory took (a benchmark's figure)
     */
    public LocalWorkers(List<String> tenants, Endpoints endpoints, TimelineTopics topics, Postgres postgres, SqsClient sqs,
            QueueProvisioning queues, String evidenceDatabase, BucketGrid grid, Clock clock,
            Function<SecretKeyRef, Optional<String>> secrets, UnaryOperator<TaskHandler> contextBuilder, AgentTracing tracing,
            DoubleConsumer memorySearches) throws Exception {
        closeables.add(tracing);
        try {
            var fetcher = new RecordFetcher(endpoints.kafka());
            closeables.add(fetcher);
            var connection = postgres.connect();
            closeables.add(connection);
            var inputs = new LedgerTaskInputs(fetcher, connection, new LedgerStore(LedgerStore.SCHEMA));
            var recorded = new RecordedConfiguration(endpoints.kafka(), topics, ContextBuilderWork.AGENT);
            closeables.add(recorded);
            Function<String, ConfigHistory> configuration = tenant -> {
                recorded.catchUp();
                return recorded.history(tenant);
            };
            // The memory is the served read model's, which the projector keeps (in the demo and the harness as in a cluster).
            var memory = new MemorySearch(postgres, endpoints.kafka(), topics, ReadModelSchemas.LIVE, MemorySearch.CATCH_UP,
                    memorySearches);
            closeables.add(memory);
            var ingest = postgres.pool("local-context-builder", 2);
            closeables.add(ingest);
            var sentry = new SentryContextReader(new SentryIssues(ingest), secrets, SentryApi::latestEvent);
            var builder = contextBuilder.apply(ContextBuilderWork.reading(endpoints.clickhouse(), evidenceDatabase, grid, secrets,
                    configuration, memory, sentry));
            // Each task with the provider its agent version was recorded with: builtin, or a model with the key its
            // profile's Secret key names (the local mode reads it from the environment, LocalSecrets).
            var agents = new AgentWork(configuration, secrets, MODEL_TIMEOUT, pause -> Thread.sleep(pause.toMillis()),
                    tracing.tracer());
            var github = new GitHubWork(configuration, secrets, GitHubCodeHost::connect, GitHubPullRequests::connect,
                    incident -> Optional.empty());
            for (var tenant : tenants) {
                var writer = new OutputsWriter(endpoints.kafka(), topics, tenant);
                closeables.add(writer);
                for (var type : TaskType.values()) {
                    var shell = switch (type) {
                        case CONTEXT_BUILDER -> new WorkerShell(sqs, queues, tenant, type.queue(tenant), ContextBuilderWork.AGENT, inputs,
                                builder, writer, clock, task -> { });
                        // One process stands in for every version's Deployment: builtin has no model to roll out.
                        case RCA, FIX, INSTRUMENTATION, EVALUATION -> WorkerShell.forEveryVersion(sqs, queues, tenant, type.queue(tenant),
                                type.wireName(), inputs, agents, writer, clock, tracing.tracer());
                        case GITHUB -> WorkerShell.forEveryVersion(sqs, queues, tenant, type.queue(tenant), type.wireName(), inputs,
                                github, writer, clock, tracing.tracer());
                    };
                    shells.add(shell);
                    closeables.add(shell);
                }
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** How many queues the workers take tasks from. */
    public int queues() {
        return shells.size();
    }

    /**
     * One receive on every queue, without waiting, when the dispatcher sent tasks since the last time (its count of sent
     * tasks moved) or a second has passed (a task released or sent again); otherwise nothing, so that an idle loop does
     * not keep every queue busy. Returns how many tasks were worked.
     */
    public int pollAfter(long tasksSent) {
        long now = System.nanoTime();
        if (tasksSent == lastTasksSent && now < nextPoll) {
            return 0;
        }
        lastTasksSent = tasksSent;
        nextPoll = now + Duration.ofSeconds(1).toNanos();
        int worked = 0;
        for (var shell : shells) {
            worked += shell.pollOnce(Duration.ZERO).size();
        }
        return worked;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
