package dev.debugd.worker;

import static dev.debugd.tracing.TraceAttributes.AGENT_VERSION;
import static dev.debugd.tracing.TraceAttributes.CYCLE;
import static dev.debugd.tracing.TraceAttributes.INCIDENT;
import static dev.debugd.tracing.TraceAttributes.INPUT_BYTES;
import static dev.debugd.tracing.TraceAttributes.LANGFUSE_SESSION;
import static dev.debugd.tracing.TraceAttributes.LANGFUSE_TRACE_NAME;
import static dev.debugd.tracing.TraceAttributes.LATENCY_MS;
import static dev.debugd.tracing.TraceAttributes.OUTCOME;
import static dev.debugd.tracing.TraceAttributes.OUTPUT_BYTES;
import static dev.debugd.tracing.TraceAttributes.REASONER;
import static dev.debugd.tracing.TraceAttributes.TASK_KEY;
import static dev.debugd.tracing.TraceAttributes.TASK_TYPE;
import static dev.debugd.tracing.TraceAttributes.TENANT;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.TaskMessage;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;
import java.util.Optional;

/**
 * One trace per agent run: a span around the handler (a model's calls are its children, {@link ModelAgentWork}), with
 * the task, the outcome and the input and output sizes; the trace id goes into the output (or the failed run's
 * {@code AgentRunFailed}). With tracing off the spans record nothing and the events carry no trace id.
 */
public final class TracedRuns {

    /** A run's output, or what it failed with, and its trace id (null with tracing off). */
    public record Ran(Payload output, Exception failure, String traceId) {}

    private final Tracer tracer;
    private final EventCodec codec = new EventCodec();

    public TracedRuns(Tracer tracer) {
        this.tracer = tracer;
    }

    public Ran run(TaskMessage task, TaskInput input, TaskHandler handler) {
        long started = System.nanoTime();
        var span = tracer.spanBuilder(task.taskType() + " agent run")
                .setAttribute(LANGFUSE_TRACE_NAME, "debugd " + task.taskType())
                .setAttribute(LANGFUSE_SESSION, task.tenantId() + "/" + task.incidentId())
                .setAttribute(TASK_KEY, task.taskKey())
                .setAttribute(TASK_TYPE, task.taskType())
                .setAttribute(AGENT_VERSION, task.agentVersion())
                .setAttribute(TENANT, task.tenantId())
                .setAttribute(INCIDENT, task.incidentId())
                .setAttribute(CYCLE, (long) task.cycle())
                .startSpan();
        var traceId = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
        try (var scope = span.makeCurrent()) {
            if (span.isRecording()) {
                long in = codec.encode(input.trigger().event()).length;
                for (var record : input.records().values()) {
                    in += codec.encode(record.event()).length;
                }
                span.setAttribute(INPUT_BYTES, in);
            }
            var output = stamped(handler.handle(task, input), traceId);
            if (span.isRecording()) {
                span.setAttribute(OUTCOME, "ok");
                span.setAttribute(OUTPUT_BYTES, (long) codec.encode(Event.create(Instant.EPOCH, task.tenantId(), task.incidentId(),
                        task.cycle(), output, new Event.Agent(task.taskType(), task.agentVersion()), task.taskKey(),
                        task.taskEventId())).length);
                reasoner(output).ifPresent(reasoner -> span.setAttribute(REASONER, reasoner));
            }
            return new Ran(output, null, traceId);
        } catch (Exception e) {
            span.setAttribute(OUTCOME, e instanceof UnworkableTask ? "unworkable" : "failed");
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
            return new Ran(null, e, traceId);
        } finally {
            span.setAttribute(LATENCY_MS, (System.nanoTime() - started) / 1_000_000);
            span.end();
        }
    }

    private static Optional<String> reasoner(Payload output) {
        String reasoner = null;
        if (output instanceof Payload.RootCauseProposed c) {
            reasoner = c.reasoner();
        } else if (output instanceof Payload.FixDrafted f) {
            reasoner = f.reasoner();
        } else if (output instanceof Payload.InstrumentationProposed i) {
            reasoner = i.reasoner();
        }
        return Optional.ofNullable(reasoner);
    }

    /** The output with the run's trace id, for the agents' payloads that carry one. */
    static Payload stamped(Payload output, String traceId) {
        if (traceId == null) {
            return output;
        }
        if (output instanceof Payload.RootCauseProposed c) {
            return new Payload.RootCauseProposed(c.hypothesis(), c.category(), c.confidence(), c.evidence(), traceId, c.ranked(),
                    c.reasoner(), c.usage());
        }
        if (output instanceof Payload.FixDrafted f) {
            return new Payload.FixDrafted(f.summary(), f.patch(), f.rootCauseEventId(), f.rationale(), f.risk(), f.reasoner(),
                    f.usage(), traceId);
        }
        if (output instanceof Payload.InstrumentationProposed i) {
            return new Payload.InstrumentationProposed(i.summary(), i.missingSignals(), i.patch(), i.additions(), i.reasoner(),
                    i.usage(), traceId);
        }
        return output;
    }
}
