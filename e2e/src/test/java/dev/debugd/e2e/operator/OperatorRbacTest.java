package dev.debugd.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.model.PlatformAccess;
import dev.debugd.operator.platform.PlatformUsers;
import dev.debugd.operator.api.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chart grants the operator exactly what the operator does: its requests to the API server over a scenario that
 * exercises every path (create, update, refuse, drift, delete under both policies, leader election) are listed as
 * RBAC rules (group, resource, verb) and compared with the Roles the chart renders for it.
 */
class OperatorRbacTest {

    private static final String USER_AGENT = "debugd-operator-under-test";
    /** Every authenticated user may review its own access (the default system:basic-user role); JOSDK does, for its Lease. */
    private static final String REVIEW = "authorization.k8s.io selfsubjectrulesreviews create";

    @Test
    void theChartGrantsTheOperatorExactlyTheVerbsAndResourcesItUses() throws Exception {
        try (var harness = new OperatorHarness()) {
            harness.grantLeaseAccess();
            var own = harness.startOperatorAsLeader(USER_AGENT);
            // What OperatorMain does at start with kafka.perRoleUsers: the shared roles' users and their Secrets.
            harness.revokeAfterwards("optest-rbac-detect");
            new PlatformUsers(own, harness.users, harness.topics.topics).ensure(new PlatformUsers.Settings(OperatorHarness.NAMESPACE,
                    "optest-rbac-", List.of(PlatformAccess.Role.DETECT)));
            var client = harness.client;
            var namespace = OperatorHarness.NAMESPACE;
            harness.revokeAfterwards("optest-rbac.agent.rbac-rca");
            harness.revokeAfterwards("optest-rbac.integration.rbac-github");
            apply(harness, """
                    apiVersion: debugd.dev/v1alpha1
                    kind: AgentProfile
                    metadata: {name: rbac-rca}
                    spec: {tenant: optest-rbac, agent: rca, version: "1", provider: openai, model: m,
                           credentials: {name: rbac-key, key: api-key}}
                    """);
            awaitReason(harness, "rbac-rca", "TenantNotFound");
            apply(harness, """
                    apiVersion: debugd.dev/v1alpha1
                    kind: Tenant
                    metadata: {name: optest-rbac}
                    spec: {deletionPolicy: Delete}
                    """);
            client.resource(new SecretBuilder().withNewMetadata().withName("rbac-key").endMetadata()
                    .addToData("api-key", "c2stbm90LXJlYWw=").build())
                    .inNamespace(namespace).create();
            apply(harness, """
                    apiVersion: debugd.dev/v1alpha1
                    kind: Integration
                    metadata: {name: rbac-github}
                    spec: {tenant: optest-rbac, type: github, repository: acme/shop}
                    """);
            awaitReason(harness, "rbac-rca", "Reconciled");
            apply(harness, """
                    apiVersion: debugd.dev/v1alpha1
                    kind: AgentProfile
                    metadata: {name: rbac-rca}
                    spec: {tenant: optest-rbac, agent: rca, version: "2", provider: openai, model: m,
                           credentials: {name: rbac-key, key: api-key}}
                    """);
            await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(client.resources(AgentProfile.class).inNamespace(namespace)
                    .withName("rbac-rca").get().getStatus().activeVersion()));
            client.apps().deployments().inNamespace(namespace).withName("debugd-agent-rbac-rca").delete();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().deployments().inNamespace(namespace)
                    .withName("debugd-agent-rbac-rca").get() != null);
            client.resources(Tenant.class).inNamespace(namespace).withName("optest-rbac").delete();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.resources(AgentProfile.class).inNamespace(namespace).list()
                    .getItems().isEmpty() && client.resources(Tenant.class).inNamespace(namespace).list().getItems().isEmpty());
            // What the operator's objects carry: an owner reference that blocks its owner's deletion needs, where the
            // OwnerReferencesPermissionEnforcement admission plugin runs, the right to update the owner's finalizers.
            var blocking = new TreeSet<String>();
            for (var owned : List.<HasMetadata>of(client.apps().deployments().inNamespace(namespace).withName("debugd-agent-rbac-rca").get(),
                    client.configMaps().inNamespace(namespace).withName("debugd-agent-rbac-rca").get(),
                    client.secrets().inNamespace(namespace).withName("debugd-agent-rbac-rca-kafka").get(),
                    client.apps().deployments().inNamespace(namespace).withName("debugd-integration-rbac-github").get())) {
                for (var reference : owned.getMetadata().getOwnerReferences()) {
                    if (Boolean.TRUE.equals(reference.getBlockOwnerDeletion())) {
                        blocking.add("debugd.dev " + plural(reference.getKind()) + "/finalizers update");
                    }
                }
            }
            own.close();

            var used = new TreeSet<String>();
            RecordedRequest request;
            while ((request = harness.server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                if (USER_AGENT.equals(request.getHeader("User-Agent"))) {
                    used.add(rule(request));
                }
            }
            assertThat(used).as("the scenario exercised the operator").contains(
                    "debugd.dev agentprofiles/status patch", "apps deployments create", "apps deployments update",
                    "coordination.k8s.io leases create", "debugd.dev tenants get", "core secrets get");
            used.remove(REVIEW);
            // JOSDK will not start leader election unless a review shows it may get, create and update the Lease.
            used.addAll(List.of("coordination.k8s.io leases get", "coordination.k8s.io leases create",
                    "coordination.k8s.io leases update"));
            used.addAll(blocking);

            assertThat(used).containsExactlyInAnyOrderElementsOf(granted(namespace));
        }
    }

    /** The RBAC rule a request needs: API group, resource (with its subresource), verb. */
    private static String rule(RecordedRequest request) {
        var uri = URI.create(request.getPath());
        var parts = uri.getPath().substring(1).split("/");
        int at;
        String group;
        if (parts[0].equals("api")) {
            group = "";
            at = 2;
        } else {
            group = parts[1];
            at = 3;
        }
        if (parts.length > at && parts[at].equals("namespaces") && parts.length > at + 2) {
            at += 2;
        }
        var resource = parts[at];
        boolean named = parts.length > at + 1;
        if (parts.length > at + 2) {
            resource += "/" + parts[at + 2];
        }
        var query = uri.getQuery() == null ? "" : uri.getQuery();
        var verb = switch (request.getMethod()) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> request.getMethod();
        };
        return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }

    /** What the chart's Roles for the operator in this namespace (its own, and the Lease's) grant, one line per verb. */
    private static Set<String> granted(String namespace) {
        var manifests = new Helm(LocalStack.root().resolve("helm/debugd")).template().withName("debugd").withNamespace(namespace)
                .set("operator.watchNamespaces[0]", namespace).set("kafka.perRoleUsers", "true").call();
        var granted = new TreeSet<String>();
        var serialization = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
        for (var document : manifests.split("(?m)^---\\s*$")) {
            if (document.isBlank() || !document.contains("kind: Role\n")) {
                continue;
            }
            var role = serialization.unmarshal(document, Role.class);
            for (var rule : role.getRules()) {
                for (var group : rule.getApiGroups()) {
                    for (var resource : rule.getResources()) {
                        for (var verb : rule.getVerbs()) {
                            granted.add((group.isEmpty() ? "core" : group) + " " + resource + " " + verb);
                        }
                    }
                }
            }
        }
        return granted;
    }

    private static String plural(String kind) {
        return kind.toLowerCase(java.util.Locale.ROOT) + "s";
    }

    private static void apply(OperatorHarness harness, String yaml) {
        HasMetadata resource = harness.client.getKubernetesSerialization().unmarshal(yaml);
        harness.client.resource(resource).inNamespace(OperatorHarness.NAMESPACE).createOr(existing -> existing.update());
    }

    private static void awaitReason(OperatorHarness harness, String profile, String reason) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var found = harness.client.resources(AgentProfile.class).inNamespace(OperatorHarness.NAMESPACE).withName(profile).get();
            return found != null && found.getStatus() != null && reason.equals(found.getStatus().conditions().get(0).reason());
        });
    }

}
