package dev.debugd.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart in helm/debugd, linted and rendered by helm itself (helm-java runs it in this JVM) as `helm install` would:
 * strict lint, manifests that parse as Kubernetes objects, the CRDs of crds/, values.schema.json refusing bad values, and
 * what the Deployments and the operator's RBAC say, compared with values written out here.
 */
class HelmChartTest {

    private static final Path ROOT = Path.of(Objects.requireNonNull(System.getProperty("debugd.root"),
            "the system property debugd.root (the repository), which the module's pom passes to the tests"));
    private static final Path CHART = ROOT.resolve("helm/debugd");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final String SCHEMA_ERROR = "values don't meet the specifications of the schema(s) in the following chart(s):";

    @Test
    void lintsStrictlyWithTheDefaultValues() {
        assertClean(new Helm(CHART).lint().strict().call());
    }

    @Test
    void lintsStrictlyWithTheExampleTenantAndTheIngressOn(@TempDir Path temporary) throws IOException {
        // helm lint reads only the chart's own values.yaml: a copy of the chart gets the switches turned on in it.
        var copy = temporary.resolve("debugd"); // lint wants the directory named after the chart
        copyChart(copy);
        var values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        ((ObjectNode) values.get("exampleTenant")).put("enabled", true);
        ((ObjectNode) values.get("ingress")).put("enabled", true);
        ((ObjectNode) values.get("ingress").get("tls")).put("secretName", "debugd-tls");
        YAML.writeValue(copy.resolve("values.yaml").toFile(), values);

        assertClean(new Helm(copy).lint().strict().call());
        assertThat(inRelease(render(new Helm(copy).template().withName("debugd").withNamespace("debugd").call())).keySet())
                .contains("Ingress/debugd-api", "Tenant/acme", "AgentProfile/acme-rca");
    }

    @Test
    void rendersOnlyKubernetesObjects() {
        var rendered = render(template().call());
        assertThat(rendered).allSatisfy(object -> assertThat(object.getMetadata().getNamespace()).isEqualTo("debugd"));
        var defaults = inRelease(rendered);
        assertThat(defaults.keySet()).containsExactlyInAnyOrder(
                "ServiceAccount/debugd-operator", "Deployment/debugd-operator", "Role/debugd-operator",
                "RoleBinding/debugd-operator", "Role/debugd-operator-leader-election",
                "RoleBinding/debugd-operator-leader-election", "Service/debugd-api",
                "ServiceAccount/debugd-serve", "Deployment/debugd-serve", "ServiceAccount/debugd-project",
                "Deployment/debugd-project", "ServiceAccount/debugd-detect", "Deployment/debugd-detect",
                "ServiceAccount/debugd-dispatch", "Deployment/debugd-dispatch", "ServiceAccount/debugd-resolve",
                "Deployment/debugd-resolve", "ServiceAccount/debugd-context-builder", "Deployment/debugd-context-builder");

        var everything = inRelease(render(template().set("exampleTenant.enabled", true).set("ingress.enabled", true)
                .set("ingress.tls.secretName", "debugd-tls").set("kafka.securityProtocol", "SASL_SSL")
                .set("kafka.truststore.secretName", "kafka-ca").call()));
        assertThat(everything.keySet()).containsAll(defaults.keySet()).contains("Ingress/debugd-api", "Tenant/acme",
                "AgentProfile/acme-rca", "AgentProfile/acme-fix", "AgentProfile/acme-instrumentation",
                "AgentProfile/acme-evaluation").hasSize(defaults.size() + 6);
        assertThat(everything.get("Tenant/acme").getApiVersion()).isEqualTo("debugd.dev/v1alpha1");
    }

    @Test
    void itsCrdsAreTheRepositorysCrds() throws IOException {
        var repository = crds(ROOT.resolve("crds"));
        assertThat(repository).hasSize(3);
        assertThat(crds(CHART.resolve("crds"))).isEqualTo(repository);
        try (var files = Files.list(CHART.resolve("crds"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(repository.keySet());
        }
    }

    @Test
    void badValuesFailWithTheSchemasError() {
        assertThatThrownBy(() -> template().set("service.port", "http").call())
                .hasMessageContaining(SCHEMA_ERROR).hasMessageContaining("at '/service/port': got string, want integer");
        assertThatThrownBy(() -> template().set("replicas", 2).call())
                .hasMessageContaining(SCHEMA_ERROR).hasMessageContaining("additional properties 'replicas' not allowed");
        assertThatThrownBy(() -> template().set("kafka.securityProtocol", "PLAINTEXT").call())
                .hasMessageContaining(SCHEMA_ERROR)
                .hasMessageContaining("at '/kafka/securityProtocol': value must be one of 'SASL_PLAINTEXT', 'SASL_SSL'");
        assertThatThrownBy(() -> template().set("postgres.passwordSecret.name", "Not_A_Name").call())
                .hasMessageContaining(SCHEMA_ERROR).hasMessageContaining("at '/postgres/passwordSecret/name'");
        assertThatThrownBy(() -> template().set("roles.detect.replicas", 2).call())
                .hasMessageContaining(SCHEMA_ERROR).hasMessageContaining("at '/roles/detect'");
    }

    @Test
    void theRolesRunTheWorkerImageWithTheirSubcommandAndSecretsByReference() {
        var objects = inRelease(render(template().set("images.worker.repository", "registry.internal:5000/debugd/worker")
                .set("images.worker.tag", "0.1.0-rc1").set("roles.detect.kafkaCredentials.secretName", "debugd-detector")
                .set("postgres.passwordSecret.name", "pg-debugd").set("roles.serve.replicas", 3).call()));
        var expected = Map.of(
                "serve", List.of("serve", "--port", "8080"),
                "project", List.of("project", "--metrics-port", "9464"),
                "detect", List.of("detect", "--metrics-port", "9464"),
                "dispatch", List.of("dispatch", "--metrics-port", "9464"),
                "resolve", List.of("resolve", "--metrics-port", "9464"),
                "context-builder", List.of("context-build", "--metrics-port", "9464"));
        expected.forEach((role, args) -> {
            var deployment = (Deployment) objects.get("Deployment/debugd-" + role);
            var pod = deployment.getSpec().getTemplate().getSpec();
            var container = pod.getContainers().get(0);
            assertThat(container.getImage()).as(role).isEqualTo("registry.internal:5000/debugd/worker:0.1.0-rc1");
            assertThat(container.getArgs()).as(role).isEqualTo(args);
            var kafkaSecret = role.equals("detect") ? "debugd-detector" : "debugd-kafka";
            assertThat(secretRefs(container)).as(role).isEqualTo(Map.of(
                    "KAFKA_SASL_USERNAME", kafkaSecret + "/username", "KAFKA_SASL_PASSWORD", kafkaSecret + "/password",
                    "PGPASSWORD", "pg-debugd/password"));
            assertThat(values(container)).as(role).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT").containsEntry("PGHOST", "postgres")
                    .containsEntry("PGPORT", "5432").containsEntry("CLICKHOUSE_URL", "http://clickhouse:8123")
                    .containsEntry("SQS_ENDPOINT", "http://elasticmq:9324").containsEntry("DEBUGD_TOPIC_PREFIX", "debugging.")
                    .containsEntry("DEBUGD_BUCKET", "60s").containsEntry("DEBUGD_LATENESS", "2m")
                    .doesNotContainKeys("KAFKA_SASL_PASSWORD", "PGPASSWORD", "CLICKHOUSE_PASSWORD");
            var port = role.equals("serve") ? 8080 : 9464;
            assertThat(container.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
            var portName = container.getPorts().get(0).getName();
            for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe())) {
                assertThat(probe.getHttpGet().getPath()).as(role).isEqualTo("/healthz");
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(role).isEqualTo(portName);
            }
            assertThat(container.getResources().getRequests()).as(role).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(role).containsKey("memory");
            assertThat(pod.getServiceAccountName()).isEqualTo("debugd-" + role);
            assertThat(pod.getAutomountServiceAccountToken()).as(role).isFalse();
            assertThat(((ServiceAccount) objects.get("ServiceAccount/debugd-" + role)).getAutomountServiceAccountToken()).isFalse();
            assertThat(deployment.getSpec().getReplicas()).as(role).isEqualTo(role.equals("serve") ? 3 : 1);
            if (!role.equals("serve")) {
                assertThat(deployment.getSpec().getStrategy().getType()).as(role).isEqualTo("Recreate");
            }
        });
        // The roles' ServiceAccounts are bound to nothing: only the operator's is.
        assertThat(objects.values().stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .flatMap(binding -> binding.getSubjects().stream()).map(subject -> subject.getName()).distinct())
                .containsExactly("debugd-operator");
    }

    @Test
    void theOperatorMayDoWhatItNeedsInTheNamespacesItWatchesAndNothingElse() {
        var objects = render(template().set("operator.watchNamespaces[0]", "team-a").set("operator.watchNamespaces[1]", "team-b")
                .set("images.worker.tag", "0.1.0-rc1").call());
        var reconcile = List.of(
                tuple(List.of("debugd.dev"), List.of("tenants"), List.of("get", "list", "watch", "patch")),
                tuple(List.of("debugd.dev"), List.of("integrations", "agentprofiles"), List.of("list", "watch", "patch", "delete")),
                tuple(List.of("debugd.dev"), List.of("tenants/status", "integrations/status", "agentprofiles/status"),
                        List.of("patch")),
                tuple(List.of("apps"), List.of("deployments"), List.of("list", "watch", "create", "update")),
                tuple(List.of(""), List.of("configmaps"), List.of("list", "watch", "create", "update")),
                tuple(List.of(""), List.of("secrets"), List.of("get", "list", "watch", "create", "patch")));
        var roles = objects.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
        assertThat(roles).extracting(role -> role.getMetadata().getNamespace() + "/" + role.getMetadata().getName())
                .containsExactlyInAnyOrder("team-a/debugd-operator", "team-b/debugd-operator", "debugd/debugd-operator-leader-election");
        for (var role : roles) {
            var rules = role.getMetadata().getName().endsWith("leader-election")
                    ? List.of(tuple(List.of("coordination.k8s.io"), List.of("leases"), List.of("get", "create", "update", "patch")))
                    : reconcile;
            assertThat(role.getRules()).extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
                    .as(role.getMetadata().getName()).containsExactlyElementsOf(rules);
            assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getResourceNames()).isEmpty());
        }
        assertThat(objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast))
                .extracting(binding -> binding.getMetadata().getNamespace() + "/" + binding.getRoleRef().getName())
                .containsExactlyInAnyOrder("team-a/debugd-operator", "team-b/debugd-operator",
                        "debugd/debugd-operator-leader-election");
        assertThat(objects).noneMatch(object -> object.getKind().startsWith("Cluster"));

        var pod = ((Deployment) inRelease(objects).get("Deployment/debugd-operator")).getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("debugd-operator");
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("debugd/operator:0.1.0");
        assertThat(values(container)).containsEntry("DEBUGD_WORKER_IMAGE", "debugd/worker:0.1.0-rc1")
                .containsEntry("DEBUGD_WATCH_NAMESPACES", "team-a,team-b")
                .containsEntry("DEBUGD_API_URL", "http://debugd-api.debugd.svc:80");
        assertThat(container.getEnv()).filteredOn(env -> env.getName().equals("POD_NAMESPACE")).singleElement()
                .satisfies(env -> assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace"));
        assertThat(secretRefs(container)).containsEntry("KAFKA_SASL_PASSWORD", "debugd-kafka/password");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8081));
    }

    @Test
    void withPerRoleUsersTheOperatorMakesThemAndEachRoleLogsInAsItsOwn() {
        var objects = inRelease(render(template().set("kafka.perRoleUsers", "true").call()));
        var operator = ((Deployment) objects.get("Deployment/debugd-operator")).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(values(operator)).containsEntry("DEBUGD_PLATFORM_USERS", "serve,project,detect,dispatch,resolve,context-builder")
                .containsEntry("DEBUGD_PLATFORM_USERS_PREFIX", "debugd-kafka-");
        assertThat(secretRefs(operator)).containsEntry("KAFKA_SASL_PASSWORD", "debugd-kafka/password");
        for (var role : List.of("serve", "project", "detect", "dispatch", "resolve", "context-builder")) {
            var container = ((Deployment) objects.get("Deployment/debugd-" + role)).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(secretRefs(container)).as(role).containsEntry("KAFKA_SASL_USERNAME", "debugd-kafka-" + role + "/username")
                    .containsEntry("KAFKA_SASL_PASSWORD", "debugd-kafka-" + role + "/password");
        }
        assertThat(((Role) objects.get("Role/debugd-operator-leader-election")).getRules())
                .extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
                .contains(tuple(List.of(""), List.of("secrets"), List.of("get", "create", "patch")));
    }

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName("debugd").withNamespace("debugd");
    }

    /**
     * Every document of a rendered chart as the Kubernetes object it describes: each has an apiVersion, a kind and a name,
     * fabric8 reads it as that kind, and no two have one kind, namespace and name.
     */
    private static List<HasMetadata> render(String manifests) {
        var objects = new TreeMap<String, HasMetadata>();
        List<JsonNode> documents;
        try (var read = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests)) {
            documents = read.readAll();
        }
        for (var document : documents) {
            assertThat(document.path("apiVersion").asString()).as(document.toString()).isNotBlank();
            assertThat(document.path("kind").asString()).as(document.toString()).isNotBlank();
            assertThat(document.path("metadata").path("name").asString()).as(document.toString()).isNotBlank();
            HasMetadata object = KUBERNETES.unmarshal(document.toString());
            assertThat(object.getKind()).isEqualTo(document.get("kind").asString());
            assertThat(object.getMetadata().getName()).isEqualTo(document.get("metadata").get("name").asString());
            var key = object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
            assertThat(objects.put(key, object)).as("two objects " + key).isNull();
        }
        return List.copyOf(objects.values());
    }

    /** The objects of the release's namespace by "Kind/name". */
    private static Map<String, HasMetadata> inRelease(List<HasMetadata> objects) {
        return objects.stream().filter(object -> "debugd".equals(object.getMetadata().getNamespace()))
                .collect(Collectors.toMap(object -> object.getKind() + "/" + object.getMetadata().getName(), object -> object));
    }

    /** The variables taken from Secrets, as "secret/key". */
    private static Map<String, String> secretRefs(Container container) {
        return container.getEnv().stream().filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, env -> env.getValueFrom().getSecretKeyRef().getName() + "/"
                        + env.getValueFrom().getSecretKeyRef().getKey()));
    }

    /** The variables with a value written in the manifest. */
    private static Map<String, String> values(Container container) {
        return container.getEnv().stream().filter(env -> env.getValueFrom() == null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static void assertClean(LintResult lint) {
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    /** The CRD files of a directory by name, their bytes as ISO-8859-1 text: one char a byte, so equal text is equal bytes. */
    private static Map<String, String> crds(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            var yml = new ArrayList<Path>();
            files.filter(file -> file.getFileName().toString().endsWith(".yml")).forEach(yml::add);
            var bytes = new TreeMap<String, String>();
            for (var file : yml) {
                bytes.put(file.getFileName().toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
            return bytes;
        }
    }

    private static void copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (var file : files.toList()) {
                var copy = target.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }
}
