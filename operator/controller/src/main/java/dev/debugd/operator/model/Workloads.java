package dev.debugd.operator.model;

import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.Integration;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The workload an AgentProfile or an Integration stands for. Pure. */
public final class Workloads {

    /** Where the worker finds its resource's spec: the ConfigMap is mounted here. */
    public static final String CONFIG_DIRECTORY = "/etc/debugd";
    public static final int METRICS_PORT = 9464;
    static final String AGENT_FILE = "agent-profile.json";
    static final String INTEGRATION_FILE = "integration.json";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private Workloads() {}

    public static Workload agent(AgentProfile profile) {
        var spec = profile.getSpec();
        var name = profile.getMetadata().getName();
        var args = List.of("work", "--tenant", spec.tenant(), "--task-type", spec.agent().value(), "--version", spec.version(),
                "--resource", CONFIG_DIRECTORY + "/" + AGENT_FILE, "--metrics-port", String.valueOf(METRICS_PORT));
        var secrets = spec.credentials() == null ? List.<SecretKeyRef>of() : List.of(spec.credentials());
        return new Workload(Workload.Component.AGENT, profile.getMetadata().getNamespace(), name, spec.tenant(),
                "debugd-agent-" + name, spec.tenant() + ".agent." + name, spec.agent().value(), args,
                Map.of(AGENT_FILE, manifest(profile)), Objects.requireNonNullElse(spec.replicas(), 1), secrets);
    }

    public static Workload integration(Integration integration) {
        var spec = integration.getSpec();
        var name = integration.getMetadata().getName();
        // An integration worker works every agent version's tasks of its type (its outputs are keyed by the task).
        var args = List.of("work", "--tenant", spec.tenant(), "--task-type", spec.type().value(), "--version", "any",
                "--resource", CONFIG_DIRECTORY + "/" + INTEGRATION_FILE, "--metrics-port", String.valueOf(METRICS_PORT));
        var secrets = new ArrayList<SecretKeyRef>();
        if (spec.credentials() != null) {
            secrets.add(spec.credentials());
        }
        if (spec.githubApp() != null) {
            secrets.add(spec.githubApp().privateKey());
        }
        return new Workload(Workload.Component.INTEGRATION, integration.getMetadata().getNamespace(), name, spec.tenant(),
                "debugd-integration-" + name, spec.tenant() + ".integration." + name, spec.type().value(), args,
                Map.of(INTEGRATION_FILE, manifest(integration)), 1, secrets);
    }

    /** The resource as the worker reads it (`work --resource`): a manifest with its name, uid and spec. */
    private static String manifest(HasMetadata resource) {
        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("name", resource.getMetadata().getName());
        if (resource.getMetadata().getUid() != null) {
            metadata.put("uid", resource.getMetadata().getUid());
        }
        var document = new LinkedHashMap<String, Object>();
        document.put("apiVersion", resource.getApiVersion());
        document.put("kind", resource.getKind());
        document.put("metadata", metadata);
        document.put("spec", ((CustomResource<?, ?>) resource).getSpec());
        return JSON.asJson(document);
    }

    /** Where the integration's provider sends its webhooks. */
    public static String webhookUrl(Integration integration, PlatformSettings settings) {
        var base = settings.apiUrl().toString().replaceAll("/+$", "");
        var provider = integration.getSpec().type() == IntegrationSpec.Type.GITHUB ? "github" : "sentry";
        return base + "/v1/webhooks/" + provider + "/" + integration.getMetadata().getName();
    }
}
