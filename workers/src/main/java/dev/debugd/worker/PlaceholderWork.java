package dev.debugd.worker;

import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.workqueue.TaskMessage;
import java.util.List;
import java.util.Map;

/**
 * Stand-in work with trivial, clearly labelled outputs, so the whole loop (dispatcher, queues, workers, ledger) runs
 * before the real context builder, agents and integrations exist. The outputs depend on the task only.
 */
public record PlaceholderWork(double confidence, List<String> missingSignals) implements TaskHandler {

    public PlaceholderWork {
        missingSignals = List.copyOf(missingSignals);
    }

    @Override
    public Payload handle(TaskMessage task, TaskInput input) {
        var trigger = input.trigger();
        var label = "placeholder output for " + task.taskType() + " (no real worker yet)";
        var triggerId = trigger.event().eventId();
        int pullRequest = 1 + Math.floorMod(task.taskKey().hashCode(), 9999);
        var url = "https://github.invalid/placeholder/" + task.tenantId() + "/pull/" + pullRequest;
        switch (task.output()) {
            case "ContextBuilt":
                return new Payload.ContextBuilt(new RawJson("{\"placeholder\":true,\"trigger\":\"" + trigger.event().eventType()
                        + "\"}"), missingSignals);
            case "RootCauseProposed":
                return new Payload.RootCauseProposed(label, RootCauseCategory.UNKNOWN, confidence, List.of(), null);
            case "InstrumentationProposed":
                return new Payload.InstrumentationProposed(label, missingSignals, "--- a/placeholder\n+++ b/placeholder\n");
            case "FixDrafted":
                return new Payload.FixDrafted(label, "--- a/placeholder\n+++ b/placeholder\n", triggerId);
            case "FixProposed":
                return new Payload.FixProposed("placeholder/" + task.tenantId(), pullRequest, url, triggerId);
            case "InstrumentationPullRequestOpened":
                return new Payload.InstrumentationPullRequestOpened("placeholder/" + task.tenantId(), pullRequest, url, triggerId);
            case "EvaluationCompleted":
                return new Payload.EvaluationCompleted(true, Map.of(), label, null);
            default:
                throw new IllegalArgumentException("no placeholder for output " + task.output());
        }
    }
}
