package dev.debugd.operator.tenant;

import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.Integration;
import dev.debugd.operator.api.v1alpha1.Tenant;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.timeline.kafka.TimelineTopics;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;

/**
 * A Tenant's queues and outputs topic, an external dependent made by the shared provisioning code (the local manifest
 * mode uses the same). Deleting the Tenant removes them only under the Delete policy, and then also deletes its
 * AgentProfiles and Integrations and revokes every Kafka user that may write its outputs topic.
 */
final class TenantResources implements DependentResource<TenantProvisioned, Tenant>, Deleter<Tenant> {

    private final TenantProvisioning provisioning;
    private final KafkaUsers users;
    private final TimelineTopics topics;

    TenantResources(TenantProvisioning provisioning, KafkaUsers users, TimelineTopics topics) {
        this.provisioning = provisioning;
        this.users = users;
        this.topics = topics;
    }

    @Override
    public ReconcileResult<TenantProvisioned> reconcile(Tenant tenant, Context<Tenant> context) {
        var name = tenant.getMetadata().getName();
        provisioning.ensure(name); // idempotent: what exists is left as it is
        return ReconcileResult.noOperation(new TenantProvisioned(name, topics.outputs(name)));
    }

    @Override
    public void delete(Tenant tenant, Context<Tenant> context) {
        if (policy(tenant) != TenantSpec.DeletionPolicy.DELETE) {
            return;
        }
        var name = tenant.getMetadata().getName();
        var namespace = tenant.getMetadata().getNamespace();
        // Its agents and integrations go with it; each one's own cleanup revokes its user, after any reconcile of it
        // still running (which could otherwise grant its ACLs again after the revocation below).
        var client = context.getClient();
        client.resources(AgentProfile.class).inNamespace(namespace).list().getItems().stream()
                .filter(profile -> profile.getSpec() != null && name.equals(profile.getSpec().tenant()))
                .forEach(profile -> client.resource(profile).delete());
        client.resources(Integration.class).inNamespace(namespace).list().getItems().stream()
                .filter(integration -> integration.getSpec() != null && name.equals(integration.getSpec().tenant()))
                .forEach(integration -> client.resource(integration).delete());
        users.usersWithAccessTo(topics.outputs(name)).forEach(users::revoke);
        provisioning.delete(name);
    }

    static TenantSpec.DeletionPolicy policy(Tenant tenant) {
        var spec = tenant.getSpec();
        return spec == null || spec.deletionPolicy() == null ? TenantSpec.DeletionPolicy.RETAIN : spec.deletionPolicy();
    }

    @Override
    public Class<TenantProvisioned> resourceType() {
        return TenantProvisioned.class;
    }
}
