package dev.debugd.dispatch.rules;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.Payload;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether an event read from a tenant's outputs topic may enter the shared topics (ARCHITECTURE §1, §4). A Kafka
 * record does not say who wrote it, so what a tenant workload writes is admitted only when the outputs topic's tenant,
 * the event's tenant and its key's tenant agree (the codec holds the last two equal) and the event is the output a
 * requested task of that tenant asks for, of its incident and cycle; a failed run of such a task; or the workload's
 * report of a message it refused from its own queue. Pure.
 */
public final class AdmissionRules {

    private AdmissionRules() {}

    /** What becomes of one output. */
    public sealed interface Verdict {
        /** Copied into the shared topic, with the same event id. */
        record Admit() implements Verdict {}

        /** Admitted before (a worker's second run, or admission reading again after a crash): nothing to copy. */
        record AlreadyAdmitted() implements Verdict {}

        /** Recorded as EventRejected; the task it claims stays required. */
        record Reject(String reason) implements Verdict {}
    }

    /** What a recorded TaskRequested asks for: its tenant, incident and cycle, and the output type it wants. */
    public record RequestedTask(String tenantId, String incidentId, int cycle, String output) {}

    /** The task an output claims to settle: its key (for a failed run, the task's key in the payload). */
    public static String claimedTaskKey(Event event) {
        return event.payload() instanceof Payload.AgentRunFailed failed ? failed.taskKey() : event.idempotencyKey();
    }

    /**
     * @param topicTenant whose outputs topic the event was read from
     * @param task the requested task with the key the event claims, if any was requested
     * @param doneBy the event id that settled that task, if one did
     */
    public static Verdict judge(String topicTenant, Event event, Optional<RequestedTask> task, Optional<UUID> doneBy) {
        if (!event.tenantId().equals(topicTenant)) {
            return new Verdict.Reject("the event names tenant " + event.tenantId() + ", and it was written to tenant "
                    + topicTenant + "'s outputs topic");
        }
        if (event.payload() instanceof Payload.EventRejected rejected) {
            boolean ownQueue = Arrays.stream(TaskType.values()).anyMatch(type -> type.queue(topicTenant).equals(rejected.topic()));
            return ownQueue && rejected.partition() == -1 && event.idempotencyKey().startsWith("rejected/queue/" + rejected.topic() + "/")
                    ? new Verdict.Admit()
                    : new Verdict.Reject("a workload reports only messages it refused from its own tenant's queues");
        }
        boolean failedRun = event.payload() instanceof Payload.AgentRunFailed;
        if (!failedRun && !DispatchRules.isOutput(event)) {
            return new Verdict.Reject(event.eventType() + " is not a task's output");
        }
        var key = claimedTaskKey(event);
        if (failedRun && !event.idempotencyKey().startsWith(key + "/run-failed/")) {
            return new Verdict.Reject("a failed run's key must be its task's key and /run-failed/<n>, not '"
                    + event.idempotencyKey() + "'");
        }
        if (task.isEmpty()) {
            return new Verdict.Reject("no TaskRequested with key '" + key + "' for tenant " + topicTenant);
        }
        var requested = task.get();
        if (!requested.tenantId().equals(event.tenantId()) || !requested.incidentId().equals(event.incidentId())
                || requested.cycle() != event.cycle()) {
            return new Verdict.Reject("task '" + key + "' is for incident " + requested.incidentId() + " cycle "
                    + requested.cycle() + ", not " + event.incidentId() + " cycle " + event.cycle());
        }
        if (failedRun) {
            return new Verdict.Admit();
        }
        if (!answers(requested.output(), event.eventType())) {
            return new Verdict.Reject("task '" + key + "' asks for " + requested.output() + ", not " + event.eventType());
        }
        if (doneBy.isPresent()) {
            return doneBy.get().equals(event.eventId()) ? new Verdict.AlreadyAdmitted()
                    : new Verdict.Reject("task '" + key + "' already has its output (event " + doneBy.get() + ")");
        }
        return new Verdict.Admit();
    }

    /** The output a task asks for, or a suppression instead of a context (a context builder may judge it not worth one). */
    private static boolean answers(String asked, String given) {
        return asked.equals(given) || (asked.equals(EventType.CONTEXT_BUILT.wireName())
                && given.equals(EventType.INCIDENT_SUPPRESSED.wireName()));
    }
}
