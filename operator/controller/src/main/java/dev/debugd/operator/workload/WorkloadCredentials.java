package dev.debugd.operator.workload;

import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.WorkloadObjects;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.util.function.Function;

/**
 * A workload's credentials Secret: its Kafka user's password and its task-API token. Created once with random ones and
 * never updated: each lives only here and, hashed, in the broker or the token table. A Secret deleted by hand is made
 * again with new ones, which the Kafka user and the token table then take.
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
        var existing = context.getSecondaryResource(Secret.class);
        var password = existing.map(secret -> WorkloadObjects.decoded(secret, WorkloadObjects.PASSWORD_KEY))
                .orElseGet(KafkaUsers::randomPassword);
        var token = existing.map(secret -> WorkloadObjects.decoded(secret, WorkloadObjects.TASK_API_TOKEN_KEY))
                .orElseGet(WorkloadTokens::newToken);
        return WorkloadObjects.credentials(workloads.apply(primary), password, token);
    }
}
