package dev.debugd.operator.workload;

import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.WorkloadObjects;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * A workload's task-API token, an external dependent: the token of its Secret, registered (hashed) for its tenant and
 * role, so the API serves it its tasks' input and nothing else. Revoked with its resource.
 */
final class WorkloadTaskToken<P extends HasMetadata> implements DependentResource<WorkloadTokens.Scope, P>, Deleter<P> {

    private final Function<P, Workload> workloads;
    private final WorkloadTokens tokens;

    WorkloadTaskToken(Function<P, Workload> workloads, WorkloadTokens tokens) {
        this.workloads = workloads;
        this.tokens = tokens;
    }

    @Override
    public ReconcileResult<WorkloadTokens.Scope> reconcile(P primary, Context<P> context) {
        var workload = workloads.apply(primary);
        var secret = context.getSecondaryResource(Secret.class).orElseThrow(() -> new IllegalStateException(
                "the Secret " + workload.credentialsSecretName() + " is not there yet"));
        var scope = new WorkloadTokens.Scope(workload.tenant(), workload.role());
        try {
            tokens.register(workload.id(), scope, WorkloadObjects.decoded(secret, WorkloadObjects.TASK_API_TOKEN_KEY));
        } catch (SQLException e) {
            throw new IllegalStateException("the token table cannot be written: " + e.getMessage(), e);
        }
        return ReconcileResult.noOperation(scope);
    }

    @Override
    public void delete(P primary, Context<P> context) {
        try {
            tokens.revoke(workloads.apply(primary).id());
        } catch (SQLException e) {
            throw new IllegalStateException("the token table cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<WorkloadTokens.Scope> resourceType() {
        return WorkloadTokens.Scope.class;
    }
}
