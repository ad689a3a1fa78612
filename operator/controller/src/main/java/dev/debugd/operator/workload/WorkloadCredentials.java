package dev.debugd.operator.workload;

import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.WorkloadObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import java.util.function.Function;

/**
 * A workload's Kafka credentials Secret. Created once with a random password and never updated: the password lives
 * only here and in the broker (as a SCRAM hash). A Secret deleted by hand is made again with a new password, which
 * the Kafka user then takes.
 */
final class WorkloadCredentials<P extends HasMetadata> extends KubernetesDependentResource<Secret, P>
        implements Creator<Secret, P>, GarbageCollected<P> {

    private final Function<P, Workload> workloads;

    WorkloadCredentials(Function<P, Workload> workloads) {
        super(Secret.class);
        this.workloads = workloads;
    }

    @Override
    protected Secret desired(P primary, Context<P> context) {
        var password = context.getSecondaryResource(Secret.class).map(secret -> WorkloadObjects.decoded(secret,
                WorkloadObjects.PASSWORD_KEY)).orElseGet(KafkaUsers::randomPassword);
        return WorkloadObjects.credentials(workloads.apply(primary), password);
    }
}
