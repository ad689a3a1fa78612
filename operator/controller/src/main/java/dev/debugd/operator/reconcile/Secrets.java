package dev.debugd.operator.reconcile;

import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The Secrets a resource names must exist, with the key it names, before anything is made for it. */
public final class Secrets {

    private Secrets() {}

    /** Throws {@link InvalidResource} naming the first Secret or key that is missing (never a value). */
    public static void requirePresent(KubernetesClient client, String namespace, List<SecretKeyRef> refs, String field) {
        for (var ref : refs) {
            var secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
            if (secret == null) {
                throw new InvalidResource("SecretNotFound", field + ": Secret " + ref.name() + " does not exist in namespace "
                        + namespace + "; create it with the key " + ref.key());
            }
            boolean hasKey = (secret.getData() != null && secret.getData().containsKey(ref.key()))
                    || (secret.getStringData() != null && secret.getStringData().containsKey(ref.key()));
            if (!hasKey) {
                throw new InvalidResource("SecretKeyNotFound", field + ": Secret " + ref.name() + " has no key " + ref.key());
            }
        }
    }
}
