package dev.debugd.operator.reconcile;

import dev.debugd.operator.api.v1alpha1.Tenant;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A resource names its Tenant, which must exist in its namespace before anything is made for it. */
public final class Tenants {

    private Tenants() {}

    public static Tenant require(KubernetesClient client, String namespace, String tenant) {
        var found = client.resources(Tenant.class).inNamespace(namespace).withName(tenant).get();
        if (found == null || found.getMetadata().getDeletionTimestamp() != null) {
            throw new InvalidResource("TenantNotFound", "spec.tenant: no Tenant named '" + tenant + "' in namespace " + namespace
                    + (found == null ? "; create it first (kubectl apply -f a Tenant manifest)" : " (it is being deleted)"));
        }
        return found;
    }
}
