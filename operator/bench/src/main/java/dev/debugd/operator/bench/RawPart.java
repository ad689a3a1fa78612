package dev.debugd.operator.bench;

import dev.debugd.bench.Progress;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.KafkaAccess;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.operator.model.Workload;
import dev.debugd.operator.model.WorkloadObjects;
import dev.debugd.operator.model.Workloads;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.kafka.OutputsTopics;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The raw ceiling: the external work the operator does for the same fleet, done directly on a fixed number of threads,
 * with no operator and no JOSDK. Each Tenant's queues with their dead-letter queues and its outputs topic (the shared
 * provisioning code); each AgentProfile's SCRAM credential and ACLs, its Secret, ConfigMap and Deployment, and its
 * task-API token. Then all of it removed again: queues and topics deleted, users revoked (never deleted), objects
 * deleted, tokens revoked. What the operator does besides (validation, configuration facts, status, watching) is what
 * the ceiling leaves out.
 */
final class RawPart {

    static final String NAMESPACE = "bench-raw";

    private final RunScope scope;
    private final ApiServer api;
    private final PlatformSettings platform;
    private final int threads;
    private final PrintStream progress;

    RawPart(RunScope scope, ApiServer api, PlatformSettings platform, int threads, PrintStream progress) {
        this.scope = scope;
        this.api = api;
        this.platform = platform;
        this.threads = threads;
        this.progress = progress;
    }

    Outcome run(Fleet fleet) throws Exception {
        api.createNamespace(NAMESPACE);
        var members = fleet.members();
        var kafka = scope.endpoints.kafka();
        try (var sqs = SqsClients.create(scope.endpoints.sqs());
                var outputs = new OutputsTopics(kafka, scope.topics);
                var users = new KafkaUsers(kafka);
                var postgres = new Postgres(scope.database).pool("raw-bench", 4)) {
            var provisioning = new TenantProvisioning(new QueueProvisioning(sqs, scope.queues), outputs);
            var tokens = new WorkloadTokens(postgres);
            progress.printf("raw ceiling: the same work for %d tenants and %d profiles on %d threads%n", fleet.tenants(),
                    fleet.tenants() * fleet.profilesPerTenant(), threads);
            var make = new ArrayList<Parallel.Work>();
            var remove = new ArrayList<Parallel.Work>();
            var isTenant = new ArrayList<Boolean>();
            for (var member : members) {
                var tenant = member.tenant().getMetadata().getName();
                make.add(() -> provisioning.ensure(tenant));
                remove.add(() -> provisioning.delete(tenant));
                isTenant.add(true);
                for (var profile : member.profiles()) {
                    var workload = Workloads.agent(profile);
                    make.add(() -> make(workload, users, tokens));
                    remove.add(() -> remove(workload, users, tokens));
                    isTenant.add(false);
                }
            }
            var made = Parallel.run(threads, make, new Progress(progress, "made"));
            var removed = Parallel.run(threads, remove, new Progress(progress, "removed"));
            var tenants = new ArrayList<Duration>();
            var profiles = new ArrayList<Duration>();
            for (int i = 0; i < made.size(); i++) {
                (isTenant.get(i) ? tenants : profiles).add(made.get(i));
            }
            return new Outcome(last(made), tenants, profiles, last(removed), 0);
        }
    }

    private void make(Workload workload, KafkaUsers users, WorkloadTokens tokens) throws Exception {
        var password = KafkaUsers.randomPassword();
        var token = WorkloadTokens.newToken();
        users.setCredential(workload.kafkaUser(), password);
        users.grantExactly(workload.kafkaUser(), KafkaAccess.workload(workload.kafkaUser(), scope.topics.outputs(workload.tenant())));
        var client = api.client();
        client.resource(WorkloadObjects.credentials(workload, password, token)).create();
        client.resource(WorkloadObjects.configMap(workload)).create();
        client.resource(WorkloadObjects.deployment(workload, platform)).create();
        tokens.register(workload.id(), new WorkloadTokens.Scope(workload.tenant(), workload.role()), token);
    }

    private void remove(Workload workload, KafkaUsers users, WorkloadTokens tokens) throws Exception {
        users.revoke(workload.kafkaUser());
        var client = api.client();
        client.resources(Deployment.class).inNamespace(workload.namespace()).withName(workload.objectName()).delete();
        client.resources(ConfigMap.class).inNamespace(workload.namespace()).withName(workload.objectName()).delete();
        client.resources(Secret.class).inNamespace(workload.namespace()).withName(workload.credentialsSecretName()).delete();
        tokens.revoke(workload.id());
    }

    private static Duration last(List<Duration> times) {
        return times.stream().max(Comparator.naturalOrder()).orElseThrow();
    }
}
