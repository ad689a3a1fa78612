package dev.debugd.operator.workload;

import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.kafka.SecretCredentials;
import dev.debugd.operator.model.KafkaAccess;
import dev.debugd.operator.model.Workload;
import dev.debugd.timeline.kafka.TimelineTopics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import java.util.function.Function;

/**
 * A workload's Kafka user, an external dependent (as Strimzi's user operator keeps users): its SCRAM credential is the
 * password of its Secret, its ACLs exactly those of {@link KafkaAccess#workload}. The Secret is marked once the broker
 * has its password, so the credential is set only for a new Secret or a user the broker lacks. Deleted with its
 * resource, the user is revoked (ACLs removed, credential overwritten), never deleted.
 */
final class WorkloadKafkaUser<P extends HasMetadata> implements DependentResource<KafkaUserGrant, P>, Deleter<P> {

    private final Function<P, Workload> workloads;
    private final KafkaUsers users;
    private final TimelineTopics topics;

    WorkloadKafkaUser(Function<P, Workload> workloads, KafkaUsers users, TimelineTopics topics) {
        this.workloads = workloads;
        this.users = users;
        this.topics = topics;
    }

    @Override
    public ReconcileResult<KafkaUserGrant> reconcile(P primary, Context<P> context) {
        var workload = workloads.apply(primary);
        var secret = context.getSecondaryResource(Secret.class).orElseThrow(() -> new IllegalStateException(
                "the Secret " + workload.credentialsSecretName() + " is not there yet"));
        boolean set = SecretCredentials.apply(context.getClient(), secret, users, workload.kafkaUser());
        var acls = KafkaAccess.workload(workload.kafkaUser(), topics.outputs(workload.tenant()));
        users.grantExactly(workload.kafkaUser(), acls);
        var grant = new KafkaUserGrant(workload.kafkaUser(), acls);
        return set ? ReconcileResult.resourceCreated(grant) : ReconcileResult.noOperation(grant);
    }

    @Override
    public void delete(P primary, Context<P> context) {
        users.revoke(workloads.apply(primary).kafkaUser());
    }

    @Override
    public Class<KafkaUserGrant> resourceType() {
        return KafkaUserGrant.class;
    }
}
