package dev.debugd.operator.model;

import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import java.util.List;
import java.util.Map;

/**
 * A tenant workload the operator runs: an agent (one per AgentProfile) or an integration worker (one per Integration).
 * Everything its Deployment, ConfigMap, credentials Secret and Kafka user are made from.
 *
 * @param objectName the name of its Deployment and ConfigMap; its credentials Secret adds {@code -kafka}
 * @param kafkaUser its Kafka principal's name, unique per tenant and resource
 * @param role the task type it works, which its task-API token is scoped to
 * @param args the worker's command line (the role and its options)
 * @param config what the ConfigMap holds, file name to content; a change rolls the Deployment
 * @param secrets the Secret keys the worker reads, as the environment variables the local mode uses for them
 */
public record Workload(Component component, String namespace, String resourceName, String tenant, String objectName,
        String kafkaUser, String role, List<String> args, Map<String, String> config, int replicas, List<SecretKeyRef> secrets) {

    public Workload {
        args = List.copyOf(args);
        config = Map.copyOf(config);
        secrets = List.copyOf(secrets);
    }

    /** What kind of workload: the value of its app.kubernetes.io/component label. */
    public enum Component {
        AGENT("agent"), INTEGRATION("integration");

        private final String label;

        Component(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public String credentialsSecretName() {
        return objectName + "-kafka";
    }

    /** Names the workload across the installation, as its task-API token is registered. */
    public String id() {
        return namespace + "/" + component.label() + "/" + resourceName;
    }
}
