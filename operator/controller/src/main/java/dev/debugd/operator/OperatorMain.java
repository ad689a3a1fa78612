package dev.debugd.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.debugd.config.Endpoints;
import dev.debugd.health.RoleEndpoints;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.PlatformAccess;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.operator.platform.PlatformUsers;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator's process: reconciles Tenants, AgentProfiles and Integrations in the namespaces it watches, one replica
 * at a time (a Lease elects the leader), with /healthz, /readyz and /metrics. Every option also reads the environment
 * variable named in its help, which is how the Helm chart configures it; the servers come from the variables the
 * workers read (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, SQS_ENDPOINT).
 */
@Command(name = "debugd-operator", mixinStandardHelpOptions = true, version = "debugd-operator 0.1.0",
        description = "Reconciles debugd.dev Tenants, AgentProfiles and Integrations into queues, topics, Kafka users and"
                + " Deployments.")
public final class OperatorMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
    static final String LEASE = "debugd-operator";

    @Option(names = "--worker-image", required = true, defaultValue = "${env:DEBUGD_WORKER_IMAGE}",
            description = "The one worker image the agent and integration Deployments run (env DEBUGD_WORKER_IMAGE).")
    String workerImage;

    @Option(names = "--namespaces", split = ",", defaultValue = "${env:DEBUGD_WATCH_NAMESPACES}",
            description = "Namespaces to watch, comma-separated (env DEBUGD_WATCH_NAMESPACES; default: the operator's own,"
                    + " from POD_NAMESPACE).")
    Set<String> namespaces;

    @Option(names = "--api-url", required = true, defaultValue = "${env:DEBUGD_API_URL}",
            description = "The API as providers reach it, for the webhook URLs in Integration status (env DEBUGD_API_URL).")
    URI apiUrl;

    @Option(names = "--task-api-url", defaultValue = "${env:DEBUGD_TASK_API_URL}",
            description = "The API as the workloads reach it inside the cluster, for their tasks' input (env DEBUGD_TASK_API_URL;"
                    + " default: --api-url).")
    URI taskApiUrl;

    @Option(names = "--workload-kafka-truststore", defaultValue = "${env:DEBUGD_WORKLOAD_KAFKA_TRUSTSTORE}",
            description = "Over SASL_SSL, the Secret key (SECRET/KEY) with the brokers' CA certificate in PEM that the workloads"
                    + " mount; the Secret must exist in every watched namespace (env DEBUGD_WORKLOAD_KAFKA_TRUSTSTORE; default:"
                    + " the JVM's trust store).")
    String workloadTrustStore;

    @Option(names = "--platform-users", split = ",", defaultValue = "${env:DEBUGD_PLATFORM_USERS}",
            description = "Shared roles to make a Kafka user of their own for (serve, project, detect, dispatch, resolve,"
                    + " context-builder), each with a Secret PREFIXROLE in the operator's namespace (env DEBUGD_PLATFORM_USERS;"
                    + " default none: the roles share the chart's user).")
    List<String> platformUsers;

    @Option(names = "--platform-users-prefix", defaultValue = "${env:DEBUGD_PLATFORM_USERS_PREFIX:-debugd-kafka-}",
            description = "What those users' and Secrets' names start with (env DEBUGD_PLATFORM_USERS_PREFIX; default"
                    + " ${DEFAULT-VALUE}).")
    String platformUsersPrefix;

    @Option(names = "--topic-prefix", defaultValue = "${env:DEBUGD_TOPIC_PREFIX:-debugging.}",
            description = "Prefix of the topics (env DEBUGD_TOPIC_PREFIX; default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--queue-prefix", defaultValue = "${env:DEBUGD_QUEUE_PREFIX:-}",
            description = "Prefix of the work queues' names (env DEBUGD_QUEUE_PREFIX; default none).")
    String queuePrefix;

    @Option(names = "--aws-region", defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "The SQS region the workloads use (env AWS_REGION; default ${DEFAULT-VALUE}).")
    String awsRegion;

    @Option(names = "--port", defaultValue = "${env:DEBUGD_OPERATOR_PORT:-8081}",
            description = "Port of GET /healthz, /readyz and /metrics (env DEBUGD_OPERATOR_PORT; default ${DEFAULT-VALUE};"
                    + " 0 picks a free one).")
    int port;

    @Option(names = "--leader-election", negatable = true, defaultValue = "${env:DEBUGD_LEADER_ELECTION:-true}",
            description = "Elect one active replica through the Lease " + LEASE + " in the operator's namespace"
                    + " (env DEBUGD_LEADER_ELECTION; default ${DEFAULT-VALUE}).")
    boolean leaderElection;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        var commandLine = new CommandLine(new OperatorMain());
        // Configuration mistakes are the user's to fix: show the message, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("debugd-operator: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (var running = start(Endpoints.fromEnvironment(), true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "operator-shutdown"));
            stopped.await();
        }
        return 0;
    }

    private static List<PlatformAccess.Role> roles(List<String> names) {
        if (names == null) {
            return List.of();
        }
        var roles = new ArrayList<PlatformAccess.Role>();
        for (var name : names) {
            if (name.isBlank()) {
                continue;
            }
            roles.add(Arrays.stream(PlatformAccess.Role.values()).filter(role -> role.value().equals(name.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--platform-users: '" + name + "' is not one of serve, project,"
                            + " detect, dispatch, resolve, context-builder")));
        }
        return roles;
    }

    private static Optional<SecretKeyRef> trustStore(String option) {
        if (option == null || option.isBlank()) {
            return Optional.empty();
        }
        var slash = option.indexOf('/');
        if (slash < 1 || slash == option.length() - 1) {
            throw new IllegalArgumentException("--workload-kafka-truststore must be SECRET/KEY, got '" + option + "'");
        }
        return Optional.of(new SecretKeyRef(option.substring(0, slash), option.substring(slash + 1)));
    }

    /** The running operator and its endpoints. */
    public record Running(DebugdOperator operator, RoleEndpoints endpoints, KubernetesClient client, HikariDataSource postgres)
            implements AutoCloseable {
        @Override
        public void close() {
            try (client; endpoints; postgres) {
                operator.close();
            }
        }
    }

    /**
     * Connects, starts the reconcilers and the endpoints, and says in one line where everything is.
     *
     * @param endpoints the servers (in a pod, from its environment)
     * @param exitOnLostLeadership whether the process ends when another replica takes the Lease over (in a pod, so that
     *     it restarts as a follower; a test that stops the operator keeps its JVM)
     */
    public Running start(Endpoints endpoints, boolean exitOnLostLeadership) throws Exception {
        var ownNamespace = Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(ns -> !ns.isBlank());
        var client = new KubernetesClientBuilder().build();
        var watched = namespaces == null || namespaces.isEmpty() ? Set.of(ownNamespace.orElse(client.getNamespace()))
                : new LinkedHashSet<>(namespaces);
        var sqs = SqsClients.create(endpoints.sqs());
        var postgres = new Postgres(endpoints.postgres());
        postgres.migrateSettings();
        var pool = postgres.pool("operator", 4);
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var platform = new PlatformSettings(workerImage, endpoints.kafka().bootstrapServers(), topicPrefix, queuePrefix,
                endpoints.sqs(), awsRegion, apiUrl, taskApiUrl == null ? apiUrl : taskApiUrl,
                endpoints.kafka().securityProtocol().name(), trustStore(workloadTrustStore));
        var leaseNamespace = ownNamespace.orElse(client.getNamespace());
        var election = leaderElection ? Optional.of(new LeaderElectionConfiguration(LEASE, leaseNamespace, Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2), null, null, exitOnLostLeadership))
                : Optional.<LeaderElectionConfiguration>empty();
        var operator = new DebugdOperator(new DebugdOperator.Setup(client, endpoints.kafka(), sqs, new WorkloadTokens(pool),
                new TimelineTopics(topicPrefix),
                new WorkQueueSettings(queuePrefix, 5, Duration.ofMinutes(5), Duration.ofMinutes(15)), platform, watched, election,
                Clock.systemUTC(), Optional.of(MicrometerMetrics.withoutPerResourceMetrics(metrics))));
        var platformRoles = roles(platformUsers);
        if (!platformRoles.isEmpty()) {
            try (var users = new KafkaUsers(endpoints.kafka())) {
                var made = new PlatformUsers(client, users, new TimelineTopics(topicPrefix)).ensure(
                        new PlatformUsers.Settings(leaseNamespace, platformUsersPrefix, platformRoles));
                LOG.info("debugd operator: the shared roles' Kafka users {} (Secrets in {})", made.values(), leaseNamespace);
            }
        }
        operator.start();
        var served = RoleEndpoints.start("operator", port, metrics, () -> operator.runtime().isStarted(),
                () -> operator.runtime().isStarted() && operator.runtime().allEventSourcesAreHealthy());
        LOG.info("debugd operator: cluster {} (namespaces {}); Kafka {} as {}; SQS {}; Postgres {} (task API tokens); worker"
                        + " image {}, task API {}; {}; GET http://0.0.0.0:{}/healthz, /readyz, /metrics", client.getMasterUrl(),
                String.join(", ", watched), endpoints.kafka().bootstrapServers(), endpoints.kafka().username(),
                endpoints.sqs().map(URI::toString).orElse("AWS in " + awsRegion), endpoints.postgres(), workerImage,
                platform.taskApiUrl(),
                election.map(e -> "leader election through Lease " + leaseNamespace + "/" + e.getLeaseName())
                        .orElse("no leader election"), served.port());
        return new Running(operator, served, client, pool);
    }

}
