package dev.debugd.operator.kafka;

import dev.debugd.operator.model.WorkloadObjects;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;

/**
 * A Kafka user whose password lives in a Secret (a workload's, a platform role's): the broker is given the Secret's
 * password once, and the Secret is marked, so the credential is set again only for a new Secret (a new password) or a
 * user the broker lacks.
 */
public final class SecretCredentials {

    /** On the Secret: the broker has this Secret's password. */
    public static final String CREDENTIAL_SET = "debugd.dev/kafka-credential-set";

    private SecretCredentials() {}

    /** Gives the broker the Secret's password when it may not have it; whether it did. */
    public static boolean apply(KubernetesClient client, Secret secret, KafkaUsers users, String user) {
        var annotations = secret.getMetadata().getAnnotations();
        if (annotations != null && "true".equals(annotations.get(CREDENTIAL_SET)) && users.exists(user)) {
            return false;
        }
        users.setCredential(user, WorkloadObjects.decoded(secret, WorkloadObjects.PASSWORD_KEY));
        client.secrets().inNamespace(secret.getMetadata().getNamespace()).withName(secret.getMetadata().getName())
                .edit(edited -> {
                    var marked = new HashMap<String, String>();
                    if (edited.getMetadata().getAnnotations() != null) {
                        marked.putAll(edited.getMetadata().getAnnotations());
                    }
                    marked.put(CREDENTIAL_SET, "true");
                    edited.getMetadata().setAnnotations(marked);
                    return edited;
                });
        return true;
    }
}
