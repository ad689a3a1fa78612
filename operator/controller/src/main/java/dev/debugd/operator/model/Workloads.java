package dev.debugd.operator.model;

import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.Integration;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The workload an AgentProfile or an Integration stands for. Pure. */
public final class Workloads {

    /** Where the worker finds its resource's spec: the ConfigMap is mounted here. */
    public static final String CONFIG_DIRECTORY = "/etc/debugd";
    public static final int METRICS_PORT = 9464;
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private Workloads() {}

    public static Workload agent(AgentProfile profile) {
        var spec = profile.getSpec();
        var name = profile.getMetadata().getName();
        var args = List.of("work", "--tenant", spec.tenant(), "--task-type", spec.agent().value(), "--version", spec.version(),
                "--metrics-port", String.valueOf(METRICS_PORT));
        var secrets = spec.credentials() == null ? List.<SecretKeyRef>of() : List.of(spec.credentials());
        return new Workload(Workload.Component.AGENT, profile.getMetadata().getNamespace(), name, spec.tenant(),
                "debugd-agent-" + name, spec.tenant() + ".agent." + name, args,
                Map.of("agent-profile.json", JSON.asJson(spec)), Objects.requireNonNullElse(spec.replicas(), 1), secrets);
    }

    public static Workload integration(Integration integration) {
        var spec = integration.getSpec();
        var name = integration.getMetadata().getName();
        // An integration worker works every agent version's tasks of its type (its outputs are keyed by the task).
        var args = List.of("work", "--tenant", spec.tenant(), "--task-type", spec.type().value(), "--version", "any",
                "--metrics-port", String.valueOf(METRICS_PORT));
        var secrets = new ArrayList<SecretKeyRef>();
        if (spec.credentials() != null) {
            secrets.add(spec.credentials());
        }
        if (spec.githubApp() != null) {
            secrets.add(spec.githubApp().privateKey());
        }
        return new Workload(Workload.Component.INTEGRATION, integration.getMetadata().getNamespace(), name, spec.tenant(),
                "debugd-integration-" + name, spec.tenant() + ".integration." + name, args,
                Map.of("integration.json", JSON.asJson(spec)), 1, secrets);
    }

    /** Where the integration's provider sends its webhooks. */
    public static String webhookUrl(Integration integration, PlatformSettings settings) {
        var base = settings.apiUrl().toString().replaceAll("/+$", "");
        var provider = integration.getSpec().type() == IntegrationSpec.Type.GITHUB ? "github" : "sentry";
        return base + "/v1/webhooks/" + provider + "/" + integration.getMetadata().getName();
    }
}
