package dev.debugd.operator.workload;

import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.WorkloadObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.function.Function;

/** A workload's ConfigMap: its resource's spec, mounted where the worker reads it. */
final class WorkloadConfigMap<P extends HasMetadata> extends CRUDKubernetesDependentResource<ConfigMap, P> {

    private final Function<P, Workload> workloads;

    WorkloadConfigMap(Function<P, Workload> workloads) {
        super(ConfigMap.class);
        this.workloads = workloads;
    }

    @Override
    protected ConfigMap desired(P primary, Context<P> context) {
        return WorkloadObjects.configMap(workloads.apply(primary));
    }
}
