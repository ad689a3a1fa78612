package dev.debugd.worker;

import dev.debugd.agents.RootCauseAgent;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.workqueue.TaskMessage;

/** The RCA Agent's work with the builtin provider: its trigger is the cycle's ContextBuilt, its answer a RootCauseProposed. */
public final class BuiltinAgentWork implements TaskHandler {

    @Override
    public Payload handle(TaskMessage task, TimelineRecord trigger) {
        if (!(trigger.event().payload() instanceof Payload.ContextBuilt built)) {
            throw new IllegalArgumentException("a root cause is proposed from a ContextBuilt, not from a " + trigger.event().eventType());
        }
        return RootCauseAgent.propose(ContextJson.read(built.context().json()));
    }
}
