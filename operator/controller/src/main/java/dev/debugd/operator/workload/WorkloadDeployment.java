package dev.debugd.operator.workload;

import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.WorkloadObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.function.Function;

/** A workload's Deployment; deleted or edited by hand, it is put back as it should be. */
final class WorkloadDeployment<P extends HasMetadata> extends CRUDKubernetesDependentResource<Deployment, P> {

    private final Function<P, Workload> workloads;
    private final PlatformSettings settings;

    WorkloadDeployment(Function<P, Workload> workloads, PlatformSettings settings) {
        super(Deployment.class);
        this.workloads = workloads;
        this.settings = settings;
    }

    @Override
    protected Deployment desired(P primary, Context<P> context) {
        return WorkloadObjects.deployment(workloads.apply(primary), settings);
    }
}
