package dev.debugd.e2e.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.debugd.config.Endpoints;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.operator.DebugdOperator;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Topic;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The operator against fabric8's mock API server in CRUD mode (the CRDs of crds/ applied to it), with the real Kafka
 * and ElasticMQ of the local stack, under the test's own topic and queue prefixes. Kafka users outlive the test (they
 * are never deleted, ARCHITECTURE §9): tests use fixed tenant names, so reruns reuse the same users, and revoke them.
 */
final class OperatorHarness implements AutoCloseable {

    static final String NAMESPACE = "team-a";
    /** The mock server logs every request through java.util.logging; kept here, so the setting is not collected. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");
    static final String WORKER_IMAGE = "registry.example/debugd/workers:0.1.0";

    final Endpoints endpoints;
    final TestTopics topics;
    final WorkQueueSettings queues;
    final SqsClient sqs;
    /** fabric8's mock server in CRUD mode; null when the tests run on a real API server. */
    final KubernetesMockServer server;
    private final KubeAPIServer realServer;
    final KubernetesClient client;
    final KafkaUsers users;
    final PlatformSettings platform;
    final TestDatabase database;
    final HikariDataSource postgres;
    final WorkloadTokens tokens;
    private final List<String> usersToRevoke = new ArrayList<>();
    private DebugdOperator operator;

    OperatorHarness() throws Exception {
        LocalStack.requireSqs();
        this.endpoints = LocalStack.requireKafka();
        this.topics = new TestTopics(endpoints.kafka(), 3);
        this.queues = new WorkQueueSettings("op" + UUID.randomUUID().toString().substring(0, 6) + "-", 5,
                Duration.ofMinutes(5), Duration.ofMinutes(15));
        this.sqs = SqsClients.create(endpoints.sqs());
        if (onRealApiServer()) {
            this.server = null;
            this.realServer = RealApiServer.start();
            this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(realServer.getKubeConfigYaml())).build();
        } else {
            var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
            // CRUD for every resource, and the answers set up with server.expect() where CRUD has none (access reviews).
            this.server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                    new KubernetesMixedDispatcher(responses), false);
            server.init();
            this.realServer = null;
            this.client = server.createClient();
        }
        for (var crd : crdFiles()) {
            var created = client.apiextensions().v1().customResourceDefinitions()
                    .resource(client.getKubernetesSerialization().unmarshal(Files.readString(crd), CustomResourceDefinition.class))
                    .create();
            // A real API server serves a new CRD's resources once it is Established.
            client.apiextensions().v1().customResourceDefinitions().resource(created).waitUntilCondition(definition ->
                    server != null || definition.getStatus() != null && definition.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")), 60, TimeUnit.SECONDS);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        this.users = new KafkaUsers(endpoints.kafka());
        this.platform = new PlatformSettings(WORKER_IMAGE, endpoints.kafka().bootstrapServers(), topics.topics.prefix(),
                queues.queuePrefix(), endpoints.sqs(), "us-east-1", URI.create("https://debugd.example/"),
                URI.create("http://debugd-api.debugd.svc:80"));
        this.database = new TestDatabase();
        var store = new Postgres(database.postgres);
        store.migrateSettings();
        this.postgres = store.pool("operator-test", 4);
        this.tokens = new WorkloadTokens(postgres);
    }

    void startOperator() {
        startOperator(client, Optional.empty());
    }

    /** The operator on its own client (a user agent of its own tells its requests apart), electing itself leader. */
    KubernetesClient startOperatorAsLeader(String userAgent) {
        var own = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent)
                .build()).build();
        startOperator(own, Optional.of(new LeaderElectionConfiguration("debugd-operator", NAMESPACE, Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2), null, null, false)));
        return own;
    }

    private void startOperator(KubernetesClient operatorClient, Optional<LeaderElectionConfiguration> election) {
        operator = new DebugdOperator(new DebugdOperator.Setup(operatorClient, endpoints.kafka(), sqs, tokens, topics.topics, queues,
                platform, Set.of(NAMESPACE), election, Clock.systemUTC(), Optional.empty()));
        operator.start();
    }

    /**
     * Answers the operator's access review of its Lease (JOSDK checks it before electing itself) as the API server does
     * for the chart's RBAC, which lets the operator get, create and update Leases.
     */
    void grantLeaseAccess() {
        if (server == null) {
            return; // a real API server answers the review itself (the test's user may do anything)
        }
        var review = new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                .withVerbs("get", "create", "update").endResourceRule()
                .endStatus().build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201, review).always();
    }

    /** A Kafka user the test makes the operator create: revoked when the test ends. */
    String revokeAfterwards(String user) {
        usersToRevoke.add(user);
        return user;
    }

    /**
     * Every configuration fact on the test's internal topic, once each: a fact recorded twice (a reconcile repeated
     * before its status was seen) is two records with one event id, and readers keep the first.
     */
    List<Event> configurationFacts() {
        var props = endpoints.kafka().clientProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        var codec = new EventCodec();
        var facts = new ArrayList<Event>();
        var seen = new HashSet<UUID>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            var internal = topics.topics.name(Topic.INTERNAL);
            var partitions = consumer.partitionsFor(internal).stream().map(p -> new TopicPartition(internal, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (codec.decode(record.key(), record.value()) instanceof Decoding.Decoded decoded
                            && seen.add(decoded.event().eventId())) {
                        facts.add(decoded.event());
                    }
                }
            }
        }
        return facts;
    }

    /** Whether the suite runs on a real kube-apiserver (-P real-apiserver) rather than fabric8's mock server. */
    static boolean onRealApiServer() {
        return "kube-api-test".equals(System.getProperty("debugd.apiserver"));
    }

    private static java.util.logging.Logger quiet(String name) {
        var logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private static List<Path> crdFiles() throws IOException {
        try (var files = Files.list(LocalStack.root().resolve("crds"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (operator != null) {
                operator.close();
            }
            usersToRevoke.forEach(users::revoke);
        } finally {
            postgres.close();
            database.close();
            users.close();
            client.close();
            if (server != null) {
                server.destroy();
            } else {
                realServer.stop();
            }
            for (var url : sqs.listQueues(b -> b.queueNamePrefix(queues.queuePrefix())).queueUrls()) {
                sqs.deleteQueue(b -> b.queueUrl(url));
            }
            sqs.close();
            topics.close();
        }
    }
}
