package dev.debugd.operator.workload;

import dev.debugd.manifests.Manifest;
import dev.debugd.manifests.ResourceRules;
import dev.debugd.operator.api.v1alpha1.Condition;
import dev.debugd.operator.api.v1alpha1.Integration;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.IntegrationStatus;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.operator.configuration.RecordedResources;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.Manifests;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.operator.model.Readiness;
import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.Workloads;
import dev.debugd.operator.reconcile.InvalidResource;
import dev.debugd.operator.reconcile.Secrets;
import dev.debugd.operator.reconcile.Tenants;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.workqueue.WorkloadTokens;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.util.List;

/**
 * An Integration becomes its worker's Deployment, ConfigMap, Kafka credentials and user, a TenantConfigChanged fact
 * for each generation (and one recording it gone when it is deleted), and the webhook URL its provider is given.
 */
@ControllerConfiguration(name = "integrations")
@GradualRetry(maxAttempts = -1, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 300_000)
public final class IntegrationReconciler extends WorkloadReconciler<Integration, IntegrationStatus> {

    private final PlatformSettings settings;

    public IntegrationReconciler(PlatformSettings settings, KafkaUsers users, WorkloadTokens tokens,
            TimelineTopics topics, RecordedResources recorded, Clock clock) {
        super(Workload.Component.INTEGRATION, settings, users, tokens, topics, recorded, clock);
        this.settings = settings;
    }

    @Override
    Workload workload(Integration integration) {
        return Workloads.integration(integration);
    }

    @Override
    void validate(Integration integration, Manifest manifest, Context<Integration> context) {
        var namespace = integration.getMetadata().getNamespace();
        var tenant = Tenants.require(context.getClient(), namespace, manifest.tenant());
        var refusal = ResourceRules.refusals(List.of(Manifests.of(tenant), manifest), true).get(1);
        if (refusal != null) {
            throw new InvalidResource("RuleBroken", refusal);
        }
        var spec = integration.getSpec();
        if (spec.type() != IntegrationSpec.Type.GITHUB) {
            throw new InvalidResource("Planned", "a " + spec.type().value() + " integration has no worker yet (planned);"
                    + " nothing is made for it");
        }
        if (spec.credentials() != null) {
            Secrets.requirePresent(context.getClient(), namespace, List.of(spec.credentials()), "spec.credentials");
        }
        if (spec.githubApp() != null) {
            Secrets.requirePresent(context.getClient(), namespace, List.<SecretKeyRef>of(spec.githubApp().privateKey()),
                    "spec.githubApp.privateKey");
        }
    }

    @Override
    IntegrationStatus status(Integration integration, Readiness readiness, boolean recorded) {
        var previous = integration.getStatus();
        boolean made = recorded || previous != null && previous.kafkaUser() != null;
        return new IntegrationStatus(integration.getMetadata().getGeneration(),
                readiness.conditions(previousConditions(integration), clock.instant()),
                made ? Workloads.webhookUrl(integration, settings) : null,
                made ? Workloads.integration(integration).kafkaUser() : null);
    }

    @Override
    List<Condition> conditions(IntegrationStatus status) {
        return status.conditions();
    }

    @Override
    Long observedGeneration(Integration integration) {
        return integration.getStatus() == null ? null : integration.getStatus().observedGeneration();
    }

    @Override
    String readyMessage(Integration integration) {
        return integration.getSpec().type().value() + " integration of tenant " + integration.getSpec().tenant()
                + " is deployed; give its provider the webhook URL in status.webhookUrl";
    }

    @Override
    void recordDeletion(Integration integration, Manifest manifest) {
        recorded.recordDeleted(manifest, integration.getMetadata().getGeneration());
    }
}
