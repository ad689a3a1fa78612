package dev.debugd.operator.workload;

import dev.debugd.manifests.Manifest;
import dev.debugd.operator.api.v1alpha1.Condition;
import dev.debugd.operator.configuration.RecordedResources;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.Manifests;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.operator.model.Readiness;
import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.WorkloadObjects;
import dev.debugd.operator.reconcile.InvalidResource;
import dev.debugd.operator.reconcile.Secrets;
import dev.debugd.operator.reconcile.StatusUpdates;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciles a resource that runs a tenant workload (an AgentProfile's agent, an Integration's worker), in Flink's
 * operator's order: validate (schema, tenant, Secrets, rules; an invalid resource gets Ready=False and nothing is
 * made), then the workflow (credentials Secret → Kafka user and ACLs, task-API token; ConfigMap → Deployment), then the configuration
 * fact of a new generation, then the status, patched only when it changed. Deleting the resource revokes its Kafka
 * user and its token; its Kubernetes objects go with it through their owner references.
 */
abstract class WorkloadReconciler<P extends CustomResource<?, S>, S> implements Reconciler<P>, Cleaner<P> {

    protected final RecordedResources recorded;
    protected final Clock clock;
    private final PlatformSettings settings;
    private final List<KubernetesDependentResource<?, P>> kubernetesDependents;
    private final Workflow<P> workflow;

    WorkloadReconciler(Workload.Component component, PlatformSettings settings, KafkaUsers users, WorkloadTokens tokens,
            TimelineTopics topics, RecordedResources recorded, Clock clock) {
        this.recorded = recorded;
        this.clock = clock;
        this.settings = settings;
        var credentials = new WorkloadCredentials<P>(this::workload);
        var configMap = new WorkloadConfigMap<P>(this::workload);
        var deployment = new WorkloadDeployment<P>(this::workload, settings);
        var kafkaUser = new WorkloadKafkaUser<P>(this::workload, users, topics);
        var taskToken = new WorkloadTaskToken<P>(this::workload, tokens);
        this.kubernetesDependents = List.of(credentials, configMap, deployment);
        selectOwnObjects(credentials, component);
        selectOwnObjects(configMap, component);
        selectOwnObjects(deployment, component);
        this.workflow = new WorkflowBuilder<P>()
                .addDependentResource(credentials)
                .addDependentResourceAndConfigure(kafkaUser).dependsOn(credentials)
                .addDependentResourceAndConfigure(taskToken).dependsOn(credentials)
                .addDependentResource(configMap)
                .addDependentResourceAndConfigure(deployment).dependsOn(configMap, kafkaUser, taskToken)
                .build();
    }

    /** Informers cache only the operator's own objects of this kind of workload, not every Secret of the cluster. */
    private static <R extends HasMetadata, P extends HasMetadata> void selectOwnObjects(KubernetesDependentResource<R, P> dependent,
            Workload.Component component) {
        dependent.configureWith(new KubernetesDependentResourceConfigBuilder<R>()
                .withKubernetesDependentInformerConfig(InformerConfiguration.builder(dependent.resourceType())
                        .withLabelSelector(WorkloadObjects.selector(component)).build())
                .build());
    }

    /** The workload the resource stands for. */
    abstract Workload workload(P resource);

    /** Throws {@link InvalidResource} when the resource names what does not exist or breaks a rule. */
    abstract void validate(P resource, Manifest manifest, Context<P> context);

    /** The status to report, from the one the resource has. */
    abstract S status(P resource, Readiness readiness, boolean recorded);

    abstract List<Condition> conditions(S status);

    /** What the resource's deletion records (an Integration's removal; an agent's last version stays active). */
    abstract void recordDeletion(P resource, Manifest manifest);

    @Override
    public List<EventSource<?, P>> prepareEventSources(EventSourceContext<P> context) {
        var sources = new ArrayList<EventSource<?, P>>();
        sources.addAll(EventSourceUtils.dependentEventSources(context, kubernetesDependents.toArray(
                new KubernetesDependentResource[0])));
        return sources;
    }

    @Override
    public UpdateControl<P> reconcile(P resource, Context<P> context) {
        var manifest = StatusUpdates.manifest(resource);
        validate(resource, manifest, context);
        settings.kafkaTrustStore().ifPresent(store -> Secrets.requirePresent(context.getClient(),
                resource.getMetadata().getNamespace(), List.of(store), "the workloads' Kafka trust store (the operator's"
                        + " DEBUGD_WORKLOAD_KAFKA_TRUSTSTORE)"));
        workflow.reconcile(resource, context);
        var generation = resource.getMetadata().getGeneration();
        if (!Readiness.wasReadyAt(observedGeneration(resource), previousConditions(resource), generation)) {
            recorded.record(manifest, generation);
        }
        return StatusUpdates.patchIfChanged(resource, status(resource, Readiness.ready(readyMessage(resource)), true));
    }

    abstract String readyMessage(P resource);

    abstract Long observedGeneration(P resource);

    @Override
    public ErrorStatusUpdateControl<P> updateErrorStatus(P resource, Context<P> context, Exception e) {
        return StatusUpdates.patchErrorIfChanged(resource, status(resource, StatusUpdates.failed(e, "make what it asks for"), false));
    }

    @Override
    public DeleteControl cleanup(P resource, Context<P> context) {
        workflow.cleanup(resource, context);
        try {
            recordDeletion(resource, Manifests.of(resource));
        } catch (IllegalArgumentException invalid) {
            // A resource that never was valid was never recorded.
        }
        return DeleteControl.defaultDelete();
    }

    /** The previous conditions, for transition times. */
    List<Condition> previousConditions(P resource) {
        return resource.getStatus() == null ? List.of() : conditions(resource.getStatus());
    }
}
