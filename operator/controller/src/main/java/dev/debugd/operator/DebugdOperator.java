package dev.debugd.operator;

import dev.debugd.config.Endpoints;
import dev.debugd.operator.configuration.RecordedResources;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.operator.tenant.TenantReconciler;
import dev.debugd.operator.workload.AgentProfileReconciler;
import dev.debugd.operator.workload.IntegrationReconciler;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.timeline.kafka.OutputsTopics;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.WorkQueueSettings;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The operator, wired: one JOSDK {@link Operator} (server-side apply off, ARCHITECTURE §8) with the Tenant,
 * AgentProfile and Integration reconcilers, watching the given namespaces, and the adapters they share.
 */
public final class DebugdOperator implements AutoCloseable {

    private final Operator operator;
    private final KafkaUsers users;
    private final OutputsTopics outputs;
    private final RecordedResources recorded;

    /** How one operator runs: where, what it watches, and (optionally) the Lease that makes one replica the leader. */
    public record Setup(KubernetesClient client, Endpoints.Kafka kafka, SqsClient sqs, WorkloadTokens tokens, TimelineTopics topics,
            WorkQueueSettings queues, PlatformSettings platform, Set<String> namespaces,
            Optional<LeaderElectionConfiguration> leaderElection, Clock clock, Optional<Metrics> metrics) {}

    public DebugdOperator(Setup setup) {
        this.users = new KafkaUsers(setup.kafka());
        this.outputs = new OutputsTopics(setup.kafka(), setup.topics());
        this.recorded = new RecordedResources(setup.kafka(), setup.topics(), setup.clock());
        var provisioning = new TenantProvisioning(new QueueProvisioning(setup.sqs(), setup.queues()), outputs);
        this.operator = new Operator(overrider -> {
            overrider.withKubernetesClient(setup.client())
                    .withCloseClientOnStop(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withUseSSAToPatchPrimaryResource(false);
            setup.leaderElection().ifPresent(overrider::withLeaderElectionConfiguration);
            setup.metrics().ifPresent(overrider::withMetrics);
        });
        operator.register(new TenantReconciler(provisioning, users, setup.topics(), recorded, setup.clock()),
                configuration -> configuration.settingNamespaces(setup.namespaces()));
        operator.register(new AgentProfileReconciler(setup.platform(), users, setup.tokens(), setup.topics(), recorded, setup.clock()),
                configuration -> configuration.settingNamespaces(setup.namespaces()));
        operator.register(new IntegrationReconciler(setup.platform(), users, setup.tokens(), setup.topics(), recorded, setup.clock()),
                configuration -> configuration.settingNamespaces(setup.namespaces()));
    }

    public void start() {
        operator.start();
    }

    /** Whether it started, and whether its informers are healthy: for the readiness probe. */
    public RuntimeInfo runtime() {
        return operator.getRuntimeInfo();
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            try {
                recorded.close();
            } finally {
                outputs.close();
                users.close();
            }
        }
    }
}
