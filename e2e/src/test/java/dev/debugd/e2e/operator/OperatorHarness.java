package dev.debugd.e2e.operator;

import dev.debugd.config.Endpoints;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.operator.DebugdOperator;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Topic;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
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
    final KubernetesMockServer server;
    final KubernetesClient client;
    final KafkaUsers users;
    final PlatformSettings platform;
    private final List<String> usersToRevoke = new ArrayList<>();
    private DebugdOperator operator;

    OperatorHarness() throws Exception {
        LocalStack.requireSqs();
        this.endpoints = LocalStack.requireKafka();
        this.topics = new TestTopics(endpoints.kafka(), 3);
        this.queues = new WorkQueueSettings("op" + UUID.randomUUID().toString().substring(0, 6) + "-", 5,
                Duration.ofMinutes(5), Duration.ofMinutes(15));
        this.sqs = SqsClients.create(endpoints.sqs());
        var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
        // CRUD for every resource, and the answers set up with server.expect() where CRUD has none (access reviews).
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses),
                false);
        server.init();
        this.client = server.createClient();
        for (var crd : crdFiles()) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(client.getKubernetesSerialization().unmarshal(Files.readString(crd), CustomResourceDefinition.class))
                    .create();
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        this.users = new KafkaUsers(endpoints.kafka());
        this.platform = new PlatformSettings(WORKER_IMAGE, endpoints.kafka().bootstrapServers(), topics.topics.prefix(),
                queues.queuePrefix(), endpoints.sqs(), "us-east-1", URI.create("https://debugd.example/"));
    }

    void startOperator() {
        operator = new DebugdOperator(new DebugdOperator.Setup(client, endpoints.kafka(), sqs, topics.topics, queues, platform,
                Set.of(NAMESPACE), Optional.empty(), Clock.systemUTC(), Optional.empty()));
        operator.start();
    }

    /**
     * Answers the operator's access review of its Lease (JOSDK checks it before electing itself) as the API server does
     * for the chart's RBAC, which lets the operator get, create and update Leases.
     */
    void grantLeaseAccess() {
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
            users.close();
            client.close();
            server.destroy();
            for (var url : sqs.listQueues(b -> b.queueNamePrefix(queues.queuePrefix())).queueUrls()) {
                sqs.deleteQueue(b -> b.queueUrl(url));
            }
            sqs.close();
            topics.close();
        }
    }
}
