package dev.debugd.worker;

import dev.debugd.agents.EvaluationAgent;
import dev.debugd.agents.FixAgent;
import dev.debugd.agents.InstrumentationAgent;
import dev.debugd.agents.RootCauseAgent;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.TaskMessage;
import java.util.Optional;

/**
 * The agents' work with the builtin provider: the RCA Agent from the cycle's context, the Fix Agent from a confident
 * root cause and the context, the Instrumentation Agent from the context (and a doubtful root cause), the Evaluation
 * Agent from the resolver's figures alone. The records come
 * as the task lists them; an input of the wrong kind is refused.
 */
public final class BuiltinAgentWork implements TaskHandler {

    @Override
    public Payload handle(TaskMessage task, TaskInput input) {
        var trigger = input.trigger().event();
        if (task.taskType().equals("evaluation")) {
            if (!(trigger.payload() instanceof Payload.EvaluationDue due)) {
                throw new UnworkableTask("a fix is evaluated from an EvaluationDue, not from a " + trigger.eventType());
            }
            return EvaluationAgent.judge(due);
        }
        var context = context(input);
        return switch (task.taskType()) {
            case "rca" -> RootCauseAgent.propose(context);
            case "fix" -> {
                if (!(trigger.payload() instanceof Payload.RootCauseProposed cause)) {
                    throw new UnworkableTask("a fix is drafted from a RootCauseProposed, not from a " + trigger.eventType());
                }
                yield FixAgent.draft(context, cause, trigger.eventId());
            }
            case "instrumentation" -> InstrumentationAgent.propose(context, trigger.payload() instanceof Payload.RootCauseProposed
                    cause ? Optional.of(cause) : Optional.empty());
            default -> throw new UnworkableTask("the builtin agents do no " + task.taskType() + " work");
        };
    }

    /** The cycle's context: the task's "context" record (for the RCA Agent, its trigger). */
    static Context context(TaskInput input) {
        var record = input.record("context").or(() -> Optional.of(input.trigger())).orElseThrow();
        if (!(record.event().payload() instanceof Payload.ContextBuilt built)) {
            throw new UnworkableTask("the task lists no ContextBuilt as its context (got " + record.event().eventType() + ")");
        }
        try {
            return ContextJson.read(built.context().json());
        } catch (IllegalArgumentException e) {
            throw new UnworkableTask("the cycle's context does not read: " + e.getMessage());
        }
    }
}
