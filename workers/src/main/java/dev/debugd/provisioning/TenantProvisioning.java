package dev.debugd.provisioning;

import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.timeline.kafka.OutputsTopics;
import dev.debugd.workqueue.QueueProvisioning;

/**
 * What a tenant needs before its work can flow (ARCHITECTURE §1, §4): a work queue per task type, each with its
 * dead-letter queue, and its outputs topic. The one place that provisions a tenant: the local manifest loader uses it,
 * and the operator's dependents will. Idempotent.
 */
public final class TenantProvisioning {

    private final QueueProvisioning queues;
    private final OutputsTopics outputs;

    public TenantProvisioning(QueueProvisioning queues, OutputsTopics outputs) {
        this.queues = queues;
        this.outputs = outputs;
    }

    public void ensure(String tenant) {
        outputs.ensure(tenant);
        for (var type : TaskType.values()) {
            queues.ensure(type.queue(tenant));
        }
    }

    /** Removes the tenant's queues and outputs topic (tests; a tenant deleted under the Delete policy). */
    public void delete(String tenant) {
        for (var type : TaskType.values()) {
            queues.delete(type.queue(tenant));
        }
        outputs.delete(tenant);
    }

    public QueueProvisioning queues() {
        return queues;
    }
}
