package dev.debugd.operator.workload;

import dev.debugd.manifests.Manifest;
import dev.debugd.manifests.ResourceRules;
import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.AgentProfileStatus;
import dev.debugd.operator.api.v1alpha1.Condition;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An AgentProfile becomes its agent's Deployment, ConfigMap, Kafka credentials and user, and an AgentVersionActivated
 * fact for each generation; a setting changed without a new version is refused (outputs are keyed by version), and
 * the agent keeps running as it was.
 */
@ControllerConfiguration(name = "agentprofiles")
@GradualRetry(maxAttempts = -1, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 300_000)
public final class AgentProfileReconciler extends WorkloadReconciler<AgentProfile, AgentProfileStatus> {

    public AgentProfileReconciler(PlatformSettings settings, KafkaUsers users, WorkloadTokens tokens,
            TimelineTopics topics, RecordedResources recorded, Clock clock) {
        super(Workload.Component.AGENT, settings, users, tokens, topics, recorded, clock);
    }

    @Override
    Workload workload(AgentProfile profile) {
        return Workloads.agent(profile);
    }

    @Override
    void validate(AgentProfile profile, Manifest manifest, Context<AgentProfile> context) {
        var namespace = profile.getMetadata().getNamespace();
        var tenant = Tenants.require(context.getClient(), namespace, manifest.tenant());
        var manifests = new ArrayList<Manifest>();
        manifests.add(Manifests.of(tenant));
        // The tenant's profiles, oldest first: of two for one agent, the first stands.
        var profiles = context.getClient().resources(AgentProfile.class).inNamespace(namespace).list().getItems().stream()
                .filter(other -> manifest.tenant().equals(other.getSpec() == null ? null : other.getSpec().tenant()))
                .sorted(Comparator.comparing((AgentProfile other) -> other.getMetadata().getCreationTimestamp())
                        .thenComparing(other -> other.getMetadata().getName()))
                .toList();
        int own = -1;
        for (var other : profiles) {
            if (other.getMetadata().getName().equals(profile.getMetadata().getName())) {
                own = manifests.size();
                manifests.add(manifest);
            } else {
                try {
                    manifests.add(Manifests.of(other));
                } catch (IllegalArgumentException invalid) {
                    // An invalid profile stands for nothing; its own status says why.
                }
            }
        }
        var refusal = ResourceRules.refusals(manifests, true).get(own);
        if (refusal != null) {
            throw new InvalidResource("RuleBroken", refusal);
        }
        if (profile.getSpec().credentials() != null) {
            Secrets.requirePresent(context.getClient(), namespace, List.of(profile.getSpec().credentials()), "spec.credentials");
        }
        recorded.refusal(manifest).ifPresent(reason -> {
            throw new InvalidResource("VersionNotBumped", reason);
        });
    }

    @Override
    AgentProfileStatus status(AgentProfile profile, Readiness readiness, boolean recorded) {
        var previous = profile.getStatus();
        var active = recorded ? profile.getSpec().version() : previous == null ? null : previous.activeVersion();
        return new AgentProfileStatus(profile.getMetadata().getGeneration(),
                readiness.conditions(previousConditions(profile), clock.instant()), active,
                recorded || previous != null && previous.kafkaUser() != null ? Workloads.agent(profile).kafkaUser() : null);
    }

    @Override
    List<Condition> conditions(AgentProfileStatus status) {
        return status.conditions();
    }

    @Override
    Long observedGeneration(AgentProfile profile) {
        return profile.getStatus() == null ? null : profile.getStatus().observedGeneration();
    }

    @Override
    String readyMessage(AgentProfile profile) {
        return "agent " + profile.getSpec().agent().value() + " version " + profile.getSpec().version() + " of tenant "
                + profile.getSpec().tenant() + " is deployed";
    }

    @Override
    void recordDeletion(AgentProfile profile, Manifest manifest) {
        // The agent's last version stays active (as in the local mode): its tasks wait for the next profile.
    }
}
