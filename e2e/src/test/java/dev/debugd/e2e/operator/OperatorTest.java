package dev.debugd.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.debugd.config.Endpoints;
import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.Integration;
import dev.debugd.operator.api.v1alpha1.Tenant;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator on fabric8's mock API server with the real Kafka and ElasticMQ: what applying Tenant, AgentProfile
 * and Integration resources makes, what the agent's Kafka user may do, a GitOps version bump, refused specs, drift and
 * deletion. Expected objects are written here by hand.
 */
class OperatorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String TASK_TYPES_QUEUES = "context-builder,rca,instrumentation,fix,github,evaluation";

    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness();
        harness.startOperator();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void appliedResourcesGetTheirQueuesTopicDeploymentsUsersAndFacts() throws Exception {
        apply(tenant("optest-acme", "Retain"));
        apply(secret("acme-openai", Map.of("api-key", "sk-not-a-real-key")));
        apply(secret("acme-github", Map.of("token", "ghp_not-a-real-token")));
        apply(agentProfile("acme-rca", "optest-acme", "rca", "1.0.0", "  provider: openai\n  model: gpt-4o-mini\n"
                + "  credentials: {name: acme-openai, key: api-key}\n"));
        apply(integration("acme-github", "optest-acme", "  type: github\n  repository: acme/shop\n"
                + "  credentials: {name: acme-github, key: token}\n"));
        harness.revokeAfterwards("optest-acme.agent.acme-rca");
        harness.revokeAfterwards("optest-acme.integration.acme-github");

        var tenant = awaitReady(Tenant.class, "optest-acme");
        assertThat(tenant.getStatus().observedGeneration()).isEqualTo(1L);
        var profile = awaitReady(AgentProfile.class, "acme-rca");
        assertThat(profile.getStatus().observedGeneration()).isEqualTo(1L);
        assertThat(profile.getStatus().activeVersion()).isEqualTo("1.0.0");
        assertThat(profile.getStatus().kafkaUser()).isEqualTo("optest-acme.agent.acme-rca");
        var integration = awaitReady(Integration.class, "acme-github");
        assertThat(integration.getStatus().webhookUrl()).isEqualTo("https://debugd.example/v1/webhooks/github/acme-github");

        // The tenant's queues, each with its dead-letter queue, and its outputs topic.
        var queueNames = harness.sqs.listQueues(b -> b.queueNamePrefix(harness.queues.queuePrefix())).queueUrls().stream()
                .map(url -> url.substring(url.lastIndexOf('/') + 1)).collect(Collectors.toSet());
        for (var type : TASK_TYPES_QUEUES.split(",")) {
            assertThat(queueNames).contains(harness.queues.queuePrefix() + "optest-acme-" + type + "-tasks",
                    harness.queues.queuePrefix() + "optest-acme-" + type + "-tasks-dlq");
        }
        assertThat(topicNames()).contains(harness.topics.topics.prefix() + "outputs.optest-acme");

        // The agent's Deployment: the one worker image, its role, the platform's endpoints, its Secrets.
        var deployment = get(Deployment.class, "debugd-agent-acme-rca");
        assertOwnedBy(deployment, profile);
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(OperatorHarness.WORKER_IMAGE);
        assertThat(container.getArgs()).containsExactly("work", "--tenant", "optest-acme", "--task-type", "rca", "--version",
                "1.0.0", "--resource", "/etc/debugd/agent-profile.json", "--metrics-port", "9464", "--task-api",
                "http://debugd-api.debugd.svc:80");
        var env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS").getValue()).isEqualTo(harness.endpoints.kafka().bootstrapServers());
        assertThat(env.get("DEBUGD_TOPIC_PREFIX").getValue()).isEqualTo(harness.topics.topics.prefix());
        assertThat(env.get("KAFKA_SASL_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("debugd-agent-acme-rca-kafka");
        assertThat(env.get("DEBUGD_SECRET_ACME_OPENAI_API_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("acme-openai");
        assertThat(env.get("DEBUGD_SECRET_ACME_OPENAI_API_KEY").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api-key");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getName())
                .isEqualTo("debugd-agent-acme-rca");
        var configMap = get(ConfigMap.class, "debugd-agent-acme-rca");
        assertOwnedBy(configMap, profile);
        assertThat(configMap.getData().get("agent-profile.json")).contains("\"model\":\"gpt-4o-mini\"");
        var credentials = get(Secret.class, "debugd-agent-acme-rca-kafka");
        assertOwnedBy(credentials, profile);
        assertThat(decoded(credentials, "username")).isEqualTo("optest-acme.agent.acme-rca");
        assertThat(decoded(credentials, "password")).hasSizeGreaterThanOrEqualTo(30);
        // Its task-API token, registered for its tenant and role only.
        assertThat(harness.tokens.scopeOfHeader("Bearer " + decoded(credentials, "task-api-token")))
                .contains(new WorkloadTokens.Scope("optest-acme", "rca"));

        var integrationDeployment = get(Deployment.class, "debugd-integration-acme-github");
        assertOwnedBy(integrationDeployment, integration);
        assertThat(integrationDeployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSubsequence("--tenant", "optest-acme", "--task-type", "github");

        // The users and exactly their ACLs: write and describe on their tenant's outputs topic.
        var outputs = harness.topics.topics.prefix() + "outputs.optest-acme";
        assertThat(harness.users.exists("optest-acme.agent.acme-rca")).isTrue();
        assertThat(harness.users.acls("optest-acme.agent.acme-rca")).extracting(acl -> acl.pattern().name() + " "
                + acl.entry().operation() + " " + acl.entry().permissionType())
                .containsExactlyInAnyOrder(outputs + " WRITE ALLOW", outputs + " DESCRIBE ALLOW");
        assertThat(harness.users.acls("optest-acme.integration.acme-github")).hasSize(2);

        // One fact per resource and generation, by the operator.
        var facts = harness.configurationFacts();
        assertThat(facts).filteredOn(e -> e.payload() instanceof Payload.AgentVersionActivated).singleElement()
                .satisfies(e -> {
                    var activated = (Payload.AgentVersionActivated) e.payload();
                    assertThat(activated.version()).isEqualTo("1.0.0");
                    assertThat(activated.agent()).isEqualTo("rca");
                    assertThat(activated.setting().model()).isEqualTo("gpt-4o-mini");
                    assertThat(e.agent().name()).isEqualTo("debugd-operator");
                });
        assertThat(facts).filteredOn(e -> e.payload() instanceof Payload.TenantConfigChanged)
                .extracting(e -> ((Payload.TenantConfigChanged) e.payload()).config().path("kind").asString())
                .containsExactlyInAnyOrder("Tenant", "Integration");
    }

    @Test
    void anAgentsUserWritesOnlyItsTenantsOutputsTopicAndReadsNothing() throws Exception {
        apply(tenant("optest-acme", "Retain"));
        apply(tenant("optest-globex", "Retain"));
        apply(agentProfile("acme-fix", "optest-acme", "fix", "1.0.0", ""));
        harness.revokeAfterwards("optest-acme.agent.acme-fix");
        awaitReady(Tenant.class, "optest-globex");
        awaitReady(AgentProfile.class, "acme-fix");
        var credentials = get(Secret.class, "debugd-agent-acme-fix-kafka");
        var agent = new Endpoints.Kafka(harness.endpoints.kafka().bootstrapServers(), decoded(credentials, "username"),
                decoded(credentials, "password"));
        var props = agent.clientProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        var topics = harness.topics.topics;
        var own = topics.outputs("optest-acme");

        // A new credential may be refused for about a second (ARCHITECTURE §9).
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                assertThat(producer.send(new ProducerRecord<>(own, "optest-acme/inc-1", "{}")).get(15, TimeUnit.SECONDS).offset())
                        .isGreaterThanOrEqualTo(0);
            }
        });
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (var forbidden : List.of(topics.name(dev.debugd.timeline.Topic.INTERNAL), topics.name(dev.debugd.timeline.Topic.TIMELINE),
                    topics.outputs("optest-globex"))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(forbidden, "optest-acme/inc-1", "{}")).get(15, TimeUnit.SECONDS))
                        .as("writing %s", forbidden).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(TopicAuthorizationException.class);
            }
        }
        var consumerProps = agent.clientProperties();
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(own, 0)));
            consumer.seekToBeginning(consumer.assignment());
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as("reading its own outputs topic")
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aVersionBumpRollsTheAgentOutAndASettingChangeWithoutOneIsRefused() {
        apply(tenant("optest-acme", "Retain"));
        apply(agentProfile("acme-rca", "optest-acme", "rca", "1.0.0", "  temperature: 0.2\n"));
        harness.revokeAfterwards("optest-acme.agent.acme-rca");
        awaitReady(AgentProfile.class, "acme-rca");

        // As Git would: the same manifest with a new version and a new temperature.
        apply(agentProfile("acme-rca", "optest-acme", "rca", "1.1.0", "  temperature: 0.4\n"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            var profile = get(AgentProfile.class, "acme-rca");
            assertThat(profile.getStatus().observedGeneration()).isEqualTo(2L);
            assertThat(profile.getStatus().activeVersion()).isEqualTo("1.1.0");
            assertThat(get(Deployment.class, "debugd-agent-acme-rca").getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getArgs()).containsSubsequence("--version", "1.1.0");
        });
        assertThat(harness.configurationFacts()).filteredOn(e -> e.payload() instanceof Payload.AgentVersionActivated)
                .extracting(e -> ((Payload.AgentVersionActivated) e.payload()).version() + " "
                        + ((Payload.AgentVersionActivated) e.payload()).setting().temperature())
                .containsExactly("1.0.0 0.2", "1.1.0 0.4");

        // A new temperature under the same version: refused, and the agent keeps running as it was.
        apply(agentProfile("acme-rca", "optest-acme", "rca", "1.1.0", "  temperature: 0.9\n"));
        var refused = awaitCondition(AgentProfile.class, "acme-rca", "False");
        assertThat(refused.getStatus().conditions().get(0).reason()).isEqualTo("VersionNotBumped");
        assertThat(refused.getStatus().conditions().get(0).message()).contains("temperature changed without a new spec.version");
        assertThat(refused.getStatus().activeVersion()).isEqualTo("1.1.0");
        assertThat(get(ConfigMap.class, "debugd-agent-acme-rca").getData().get("agent-profile.json")).contains("0.4");
        assertThat(harness.configurationFacts()).filteredOn(e -> e.payload() instanceof Payload.AgentVersionActivated).hasSize(2);
    }

    @Test
    void aManagedDeploymentDeletedOrEditedByHandIsRestored() {
        apply(tenant("optest-acme", "Retain"));
        apply(agentProfile("acme-rca", "optest-acme", "rca", "1.0.0", ""));
        harness.revokeAfterwards("optest-acme.agent.acme-rca");
        awaitReady(AgentProfile.class, "acme-rca");
        var deployments = harness.client.apps().deployments().inNamespace(OperatorHarness.NAMESPACE);

        deployments.withName("debugd-agent-acme-rca").edit(d -> {
            d.getSpec().setReplicas(0);
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone/else:latest");
            return d;
        });
        await().atMost(PATIENCE).untilAsserted(() -> {
            var restored = get(Deployment.class, "debugd-agent-acme-rca");
            assertThat(restored.getSpec().getReplicas()).isEqualTo(1);
            assertThat(restored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo(OperatorHarness.WORKER_IMAGE);
        });

        deployments.withName("debugd-agent-acme-rca").delete();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deployments.withName("debugd-agent-acme-rca").get()).isNotNull());
    }

    @Test
    void anInvalidResourceSaysWhyMakesNothingAndRecoversWhenWhatItNamesAppears() {
        apply(agentProfile("acme-rca", "optest-acme", "rca", "1.0.0", "  provider: openai\n  model: gpt-4o-mini\n"
                + "  credentials: {name: acme-openai, key: api-key}\n"));
        harness.revokeAfterwards("optest-acme.agent.acme-rca");
        var noTenant = awaitCondition(AgentProfile.class, "acme-rca", "False");
        assertThat(noTenant.getStatus().conditions().get(0).reason()).isEqualTo("TenantNotFound");
        assertThat(noTenant.getStatus().conditions().get(0).message()).contains("no Tenant named 'optest-acme'");
        assertThat(noTenant.getStatus().observedGeneration()).isEqualTo(1L);

        apply(tenant("optest-acme", "Retain"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get(AgentProfile.class, "acme-rca").getStatus().conditions().get(0)
                .reason()).isEqualTo("SecretNotFound"));
        assertThat(get(AgentProfile.class, "acme-rca").getStatus().conditions().get(0).message())
                .isEqualTo("spec.credentials: Secret acme-openai does not exist in namespace team-a; create it with the key api-key");
        assertThat(harness.client.apps().deployments().inNamespace(OperatorHarness.NAMESPACE).withName("debugd-agent-acme-rca").get())
                .as("nothing is made for an invalid resource").isNull();
        assertThat(harness.users.acls("optest-acme.agent.acme-rca")).isEmpty();
        assertThat(harness.configurationFacts()).noneMatch(e -> e.payload() instanceof Payload.AgentVersionActivated);

        apply(secret("acme-openai", Map.of("api-key", "sk-not-a-real-key")));
        var ready = awaitReady(AgentProfile.class, "acme-rca");
        assertThat(ready.getStatus().activeVersion()).isEqualTo("1.0.0");
        assertThat(harness.configurationFacts()).filteredOn(e -> e.payload() instanceof Payload.AgentVersionActivated).hasSize(1);
    }

    @Test
    void deletingATenantUnderDeleteRemovesItsQueuesTopicAndAccessAndUnderRetainKeepsThem() throws Exception {
        apply(tenant("optest-acme", "Delete"));
        apply(tenant("optest-globex", "Retain"));
        apply(agentProfile("acme-rca", "optest-acme", "rca", "1.0.0", ""));
        apply(agentProfile("globex-rca", "optest-globex", "rca", "1.0.0", ""));
        harness.revokeAfterwards("optest-acme.agent.acme-rca");
        harness.revokeAfterwards("optest-globex.agent.globex-rca");
        awaitReady(AgentProfile.class, "acme-rca");
        awaitReady(AgentProfile.class, "globex-rca");
        var acmePassword = decoded(get(Secret.class, "debugd-agent-acme-rca-kafka"), "password");
        var topics = harness.topics.topics;

        harness.client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).withName("optest-acme").delete();
        harness.client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).withName("optest-globex").delete();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(harness.client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems()).isEmpty();
            assertThat(topicNames()).doesNotContain(topics.outputs("optest-acme")).contains(topics.outputs("optest-globex"));
            assertThat(harness.users.acls("optest-acme.agent.acme-rca")).isEmpty();
            // Under Delete its profiles go with it (each after its own clean-up); under Retain they stay, waiting for
            // their Tenant.
            assertThat(harness.client.resources(AgentProfile.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems())
                    .extracting(profile -> profile.getMetadata().getName()).containsExactly("globex-rca");
        });
        var queues = harness.sqs.listQueues(b -> b.queueNamePrefix(harness.queues.queuePrefix())).queueUrls();
        assertThat(queues).noneMatch(url -> url.contains("optest-acme-"));
        assertThat(queues).filteredOn(url -> url.contains("optest-globex-")).hasSize(12);
        assertThat(harness.users.acls("optest-globex.agent.globex-rca")).hasSize(2);
        assertThat(harness.users.exists("optest-acme.agent.acme-rca")).as("revoked, never deleted").isTrue();
        var acmeToken = "Bearer " + decoded(get(Secret.class, "debugd-agent-acme-rca-kafka"), "task-api-token");
        assertThat(harness.tokens.scopeOfHeader(acmeToken)).as("its task-API token is revoked").isEmpty();

        // The credential was overwritten: the Secret's password no longer logs in.
        var revoked = new Endpoints.Kafka(harness.endpoints.kafka().bootstrapServers(), "optest-acme.agent.acme-rca", acmePassword)
                .clientProperties();
        revoked.put("default.api.timeout.ms", 10_000);
        revoked.put("request.timeout.ms", 10_000);
        try (var admin = org.apache.kafka.clients.admin.Admin.create(revoked)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        }
        assertThat(harness.configurationFacts()).filteredOn(e -> e.payload() instanceof Payload.TenantConfigChanged changed
                && changed.config().path("spec").isNull()).extracting(e -> e.tenantId())
                .containsExactlyInAnyOrder("optest-acme", "optest-globex");
    }

    // --- resources, as a person writes them

    private static String tenant(String name, String deletionPolicy) {
        return "apiVersion: debugd.dev/v1alpha1\nkind: Tenant\nmetadata:\n  name: " + name + "\nspec:\n  deletionPolicy: "
                + deletionPolicy + "\n";
    }

    private static String agentProfile(String name, String tenant, String agent, String version, String more) {
        return "apiVersion: debugd.dev/v1alpha1\nkind: AgentProfile\nmetadata:\n  name: " + name + "\nspec:\n  tenant: " + tenant
                + "\n  agent: " + agent + "\n  version: \"" + version + "\"\n" + more;
    }

    private static String integration(String name, String tenant, String more) {
        return "apiVersion: debugd.dev/v1alpha1\nkind: Integration\nmetadata:\n  name: " + name + "\nspec:\n  tenant: " + tenant
                + "\n" + more;
    }

    private static Secret secret(String name, Map<String, String> values) {
        var builder = new SecretBuilder().withNewMetadata().withName(name).endMetadata();
        values.forEach((key, value) -> builder.addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return builder.build();
    }

    private void apply(String yaml) {
        var resource = harness.client.getKubernetesSerialization().unmarshal(yaml, HasMetadata.class);
        apply(resource);
    }

    private void apply(HasMetadata resource) {
        harness.client.resource(resource).inNamespace(OperatorHarness.NAMESPACE).createOr(existing -> existing.update());
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        var found = harness.client.resources(type).inNamespace(OperatorHarness.NAMESPACE).withName(name).get();
        assertThat(found).as("%s %s", type.getSimpleName(), name).isNotNull();
        return found;
    }

    private <T extends HasMetadata> T awaitReady(Class<T> type, String name) {
        return awaitCondition(type, name, "True");
    }

    private <T extends HasMetadata> T awaitCondition(Class<T> type, String name, String status) {
        return await().atMost(PATIENCE).until(() -> harness.client.resources(type).inNamespace(OperatorHarness.NAMESPACE)
                .withName(name).get(), found -> found != null && readyStatus(found).equals(status));
    }

    /** The status of the Ready condition, read the way kubectl's printer column does. */
    private static String readyStatus(HasMetadata resource) {
        var node = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().convertValue(resource, Map.class);
        var status = (Map<?, ?>) node.get("status");
        if (status == null || !(status.get("conditions") instanceof List<?> conditions)) {
            return "";
        }
        return conditions.stream().map(c -> (Map<?, ?>) c).filter(c -> "Ready".equals(c.get("type")))
                .map(c -> String.valueOf(c.get("status"))).findFirst().orElse("");
    }

    private static void assertOwnedBy(HasMetadata owned, HasMetadata owner) {
        assertThat(owned.getMetadata().getOwnerReferences()).extracting(OwnerReference::getKind, OwnerReference::getName,
                OwnerReference::getUid).containsExactly(org.assertj.core.groups.Tuple.tuple(owner.getKind(),
                owner.getMetadata().getName(), owner.getMetadata().getUid()));
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private java.util.Set<String> topicNames() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(harness.endpoints.kafka().clientProperties())) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
