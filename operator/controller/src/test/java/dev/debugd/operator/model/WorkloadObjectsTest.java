package dev.debugd.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.manifests.Manifest;
import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.Integration;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WorkloadObjectsTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final PlatformSettings PLATFORM = new PlatformSettings("ghcr.io/acme/debugd-workers:1.2.3", "kafka:9093",
            "debugging.", "", Optional.empty(), "eu-west-1", URI.create("https://debugd.acme.example/"),
            URI.create("http://debugd-api.debugd.svc:80"));

    private static AgentProfile profile(String more) {
        return YAML.unmarshal("""
                apiVersion: debugd.dev/v1alpha1
                kind: AgentProfile
                metadata: {name: acme-rca, namespace: debugd}
                spec:
                  tenant: acme
                  agent: rca
                  version: "2.0.0"
                """ + more, AgentProfile.class);
    }

    @Test
    void anAgentRunsTheWorkerImageForItsTenantAgentAndVersion() {
        var workload = Workloads.agent(profile("  replicas: 2\n  provider: anthropic\n  credentials: {name: llm-keys, key: anthropic}\n"));
        var deployment = WorkloadObjects.deployment(workload, PLATFORM);

        assertThat(deployment.getMetadata().getName()).isEqualTo("debugd-agent-acme-rca");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("debugd");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/acme/debugd-workers:1.2.3");
        assertThat(container.getArgs()).containsExactly("work", "--tenant", "acme", "--task-type", "rca", "--version", "2.0.0",
                "--resource", "/etc/debugd/agent-profile.json", "--metrics-port", "9464", "--task-api", "http://debugd-api.debugd.svc:80");
        var env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env).doesNotContainKey("SQS_ENDPOINT"); // on AWS the SDK finds it from the region
        assertThat(env.get("AWS_REGION").getValue()).isEqualTo("eu-west-1");
        assertThat(env.get("KAFKA_SASL_USERNAME").getValueFrom().getSecretKeyRef().getName()).isEqualTo("debugd-agent-acme-rca-kafka");
        assertThat(env.get("DEBUGD_TASK_API_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("task-api-token");
        assertThat(env.get("DEBUGD_SECRET_LLM_KEYS_ANTHROPIC").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("anthropic");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(workload.kafkaUser()).isEqualTo("acme.agent.acme-rca");
    }

    @Test
    void theMountedResourceIsTheManifestTheWorkerReads() {
        var configMap = WorkloadObjects.configMap(Workloads.agent(profile("  provider: openai\n  model: gpt-4o-mini\n")));
        var manifest = Manifest.of(JsonMapper.builder().build().readTree(configMap.getData().get("agent-profile.json")), "mounted");
        assertThat(manifest.kind()).isEqualTo("AgentProfile");
        assertThat(manifest.name()).isEqualTo("acme-rca");
        assertThat(manifest.tenant()).isEqualTo("acme");
        assertThat(manifest.agentProfileSpec().version()).isEqualTo("2.0.0");
        assertThat(manifest.agentProfileSpec().model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void overSaslSslTheWorkloadMountsTheBrokersCaAndSaysWhereItIs() {
        var tls = new PlatformSettings("img:1", "kafka:9093", "debugging.", "", Optional.empty(), "eu-west-1",
                URI.create("https://d.example/"), URI.create("http://api:80"), "SASL_SSL",
                Optional.of(new dev.debugd.operator.api.v1alpha1.SecretKeyRef("kafka-ca", "ca.crt")));
        var pod = WorkloadObjects.deployment(Workloads.agent(profile("")), tls).getSpec().getTemplate().getSpec();
        var env = pod.getContainers().get(0).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
        assertThat(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").getValue()).isEqualTo("/etc/debugd/kafka-truststore/ca.crt");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("kafka-truststore")).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("kafka-ca"));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/etc/debugd", "/etc/debugd/kafka-truststore");
        assertThat(WorkloadObjects.deployment(Workloads.agent(profile("")), PLATFORM).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv()).extracting(EnvVar::getName).contains("KAFKA_SECURITY_PROTOCOL")
                .doesNotContain("KAFKA_SSL_TRUSTSTORE_LOCATION");
    }

    @Test
    void aChangedSettingChangesThePodTemplateSoTheAgentRollsOut() {
        var before = WorkloadObjects.deployment(Workloads.agent(profile("  temperature: 0.2\n")), PLATFORM);
        var same = WorkloadObjects.deployment(Workloads.agent(profile("  temperature: 0.2\n")), PLATFORM);
        var after = WorkloadObjects.deployment(Workloads.agent(profile("  temperature: 0.3\n")), PLATFORM);

        var hash = WorkloadObjects.CONFIG_HASH;
        assertThat(same.getSpec().getTemplate().getMetadata().getAnnotations().get(hash))
                .isEqualTo(before.getSpec().getTemplate().getMetadata().getAnnotations().get(hash));
        assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations().get(hash))
                .isNotEqualTo(before.getSpec().getTemplate().getMetadata().getAnnotations().get(hash));
    }

    @Test
    void theCredentialsSecretHoldsTheUserThePasswordAndTheTokenGiven() {
        var secret = WorkloadObjects.credentials(Workloads.agent(profile("")), "s3cr3t-pw", "dbw_t0ken");
        assertThat(secret.getMetadata().getName()).isEqualTo("debugd-agent-acme-rca-kafka");
        assertThat(WorkloadObjects.decoded(secret, "username")).isEqualTo("acme.agent.acme-rca");
        assertThat(WorkloadObjects.decoded(secret, "password")).isEqualTo("s3cr3t-pw");
        assertThat(WorkloadObjects.decoded(secret, "task-api-token")).isEqualTo("dbw_t0ken");
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "debugd-operator")
                .containsEntry("app.kubernetes.io/component", "agent");
    }

    @Test
    void anIntegrationGetsItsWorkerAndTheWebhookUrlOfItsProvider() {
        var integration = YAML.unmarshal("""
                apiVersion: debugd.dev/v1alpha1
                kind: Integration
                metadata: {name: shop-github, namespace: debugd}
                spec:
                  tenant: acme
                  type: github
                  repository: acme/shop
                  githubApp: {appId: 12, installationId: 34, privateKey: {name: gh-app, key: key.pem}}
                """, Integration.class);
        var workload = Workloads.integration(integration);
        var container = WorkloadObjects.deployment(workload, PLATFORM).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getArgs()).containsSubsequence("--tenant", "acme", "--task-type", "github");
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains("DEBUGD_SECRET_GH_APP_KEY_PEM");
        assertThat(workload.kafkaUser()).isEqualTo("acme.integration.shop-github");
        assertThat(workload.role()).isEqualTo("github");
        assertThat(workload.id()).isEqualTo("debugd/integration/shop-github");
        assertThat(Workloads.webhookUrl(integration, PLATFORM)).isEqualTo("https://debugd.acme.example/v1/webhooks/github/shop-github");
    }
}
