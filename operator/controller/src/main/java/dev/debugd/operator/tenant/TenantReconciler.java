package dev.debugd.operator.tenant;

import dev.debugd.operator.api.v1alpha1.ResourceStatus;
import dev.debugd.operator.api.v1alpha1.Tenant;
import dev.debugd.operator.configuration.RecordedResources;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.Manifests;
import dev.debugd.operator.model.Readiness;
import dev.debugd.operator.reconcile.StatusUpdates;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.timeline.kafka.TimelineTopics;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;

/**
 * A Tenant becomes its queues and outputs topic, and a TenantConfigChanged fact on every spec change (the dispatcher,
 * detector and resolver decide with the configuration as recorded). Deleting it records the Tenant as gone and, under
 * the Delete policy, removes what was provisioned for it.
 */
@ControllerConfiguration(name = "tenants")
@GradualRetry(maxAttempts = -1, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 300_000)
public final class TenantReconciler implements Reconciler<Tenant>, Cleaner<Tenant> {

    private final RecordedResources recorded;
    private final Clock clock;
    private final Workflow<Tenant> workflow;

    public TenantReconciler(TenantProvisioning provisioning, KafkaUsers users, TimelineTopics topics,
            RecordedResources recorded, Clock clock) {
        this.recorded = recorded;
        this.clock = clock;
        this.workflow = new WorkflowBuilder<Tenant>().addDependentResource(new TenantResources(provisioning, users, topics))
                .build();
    }

    @Override
    public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
        var manifest = StatusUpdates.manifest(tenant);
        workflow.reconcile(tenant, context);
        var generation = tenant.getMetadata().getGeneration();
        var previous = tenant.getStatus();
        if (!Readiness.wasReadyAt(previous == null ? null : previous.observedGeneration(),
                previous == null ? null : previous.conditions(), generation)) {
            recorded.record(manifest, generation);
        }
        var name = tenant.getMetadata().getName();
        return StatusUpdates.patchIfChanged(tenant, status(tenant, Readiness.ready("work queues and outputs topic of tenant " + name + " exist; deleting it "
                + TenantResources.policy(tenant).value().toLowerCase() + "s them")));
    }

    @Override
    public ErrorStatusUpdateControl<Tenant> updateErrorStatus(Tenant tenant, Context<Tenant> context, Exception e) {
        return StatusUpdates.patchErrorIfChanged(tenant, status(tenant, StatusUpdates.failed(e, "make its queues or topic")));
    }

    @Override
    public DeleteControl cleanup(Tenant tenant, Context<Tenant> context) {
        workflow.cleanup(tenant, context);
        try {
            recorded.recordDeleted(Manifests.of(tenant), tenant.getMetadata().getGeneration());
        } catch (IllegalArgumentException invalid) {
            // A Tenant that never was valid was never recorded.
        }
        return DeleteControl.defaultDelete();
    }

    private ResourceStatus status(Tenant tenant, Readiness readiness) {
        var previous = tenant.getStatus() == null ? null : tenant.getStatus().conditions();
        return new ResourceStatus(tenant.getMetadata().getGeneration(), readiness.conditions(previous, clock.instant()));
    }
}
