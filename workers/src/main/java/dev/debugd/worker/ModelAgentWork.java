package dev.debugd.worker;

import static dev.debugd.tracing.TraceAttributes.ATTEMPT;
import static dev.debugd.tracing.TraceAttributes.GEN_AI_INPUT_TOKENS;
import static dev.debugd.tracing.TraceAttributes.GEN_AI_MODEL;
import static dev.debugd.tracing.TraceAttributes.GEN_AI_OPERATION;
import static dev.debugd.tracing.TraceAttributes.GEN_AI_OUTPUT_TOKENS;
import static dev.debugd.tracing.TraceAttributes.GEN_AI_PROVIDER;
import static dev.debugd.tracing.TraceAttributes.GEN_AI_SYSTEM;
import static dev.debugd.tracing.TraceAttributes.INPUT_BYTES;
import static dev.debugd.tracing.TraceAttributes.LANGFUSE_MODEL;
import static dev.debugd.tracing.TraceAttributes.LANGFUSE_OBSERVATION_TYPE;
import static dev.debugd.tracing.TraceAttributes.LATENCY_MS;
import static dev.debugd.tracing.TraceAttributes.OUTCOME;
import static dev.debugd.tracing.TraceAttributes.OUTPUT_BYTES;
import static dev.debugd.tracing.TraceAttributes.PROMPT_VERSION;
import static dev.debugd.tracing.TraceAttributes.RETRY_AFTER_MS;

import dev.debugd.agents.ModelAnswers;
import dev.debugd.agents.ModelPrompt;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.models.ModelCall;
import dev.debugd.models.ModelCallFailed;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.TaskMessage;
import io.github.resilience4j.core.IntervalFunction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * An agent on a model (ARCHITECTURE §5): the RCA, Fix or Instrumentation Agent's versioned prompt with the cycle's
 * context (and the root cause it works from) as data, the answer checked on arrival ({@link ModelAnswers}); an invalid
 * or empty answer is asked again with what was wrong, up to {@link #ANSWERS} answers; a request that failed is tried
 * again after the pause the provider asked for (or a doubling one), up to {@link #CALLS} requests in all. A refusal, a
 * prompt version that does not exist or a provider that refuses the request for good ends the task
 * ({@link UnworkableTask}); anything else fails the run, and the task comes back.
 */
public final class ModelAgentWork implements TaskHandler {

    static final int ANSWERS = 3;
    static final int CALLS = 6;
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    /** Our own pause when the provider names none: 1 s, doubling, up to the longest. */
    private static final IntervalFunction BACK_OFF = IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0,
            LONGEST_PAUSE);

    /** Waits between attempts (a test waits less). */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ModelCall model;
    private final Payload.AgentSetting setting;
    private final Pause pause;
    private final Tracer tracer;

    /** @param tracer traces each request as a span of the run's trace ({@link TracedRuns}) */
    public ModelAgentWork(ModelCall model, Payload.AgentSetting setting, Pause pause, Tracer tracer) {
        this.model = model;
        this.setting = setting;
        this.pause = pause;
        this.tracer = tracer;
    }

    /** What one agent asks and how its answer is read. */
    private record Job(ModelPrompt prompt, Function<String, ModelAnswers.Reading> read) {}

    @Override
    public Payload handle(TaskMessage task, TaskInput input) throws Exception {
        var context = BuiltinAgentWork.context(input);
        var version = setting.promptVersion() == null ? "v1" : setting.promptVersion();
        var reasoner = setting.provider() + "/" + setting.model() + "@" + version;
        var job = job(task, input, context, version, reasoner);
        long started = System.nanoTime();
        long inputTokens = 0;
        long outputTokens = 0;
        int calls = 0;
        int answers = 0;
        var asked = job.prompt();
        String lastProblem = "";
        int ownPauses = 0;
        while (answers < ANSWERS && calls < CALLS) {
            calls++;
            ModelCall.Reply reply;
            var span = callSpan(version, calls, asked);
            long askedAt = System.nanoTime();
            try {
                reply = model.ask(asked);
            } catch (ModelCallFailed e) {
                span.setAttribute(OUTCOME, "failed").setStatus(StatusCode.ERROR, e.getMessage());
                if (!e.retryable()) {
                    end(span, askedAt);
                    throw new UnworkableTask("the " + setting.provider() + " provider refused the request: " + e.getMessage());
                }
                lastProblem = e.getMessage();
                // As long as the provider asked; else a pause of our own that doubles each time.
                Duration wait;
                if (e.retryAfter().isPresent()) {
                    wait = e.retryAfter().get();
                    span.setAttribute(RETRY_AFTER_MS, wait.toMillis());
                } else {
                    wait = Duration.ofMillis(BACK_OFF.apply(++ownPauses));
                }
                end(span, askedAt);
                pause.sleep(wait.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : wait);
                continue;
            }
            answers++;
            inputTokens += reply.inputTokens();
            outputTokens += reply.outputTokens();
            span.setAttribute(GEN_AI_INPUT_TOKENS, reply.inputTokens()).setAttribute(GEN_AI_OUTPUT_TOKENS, reply.outputTokens())
                    .setAttribute(OUTPUT_BYTES, (long) reply.text().getBytes(StandardCharsets.UTF_8).length);
            if (reply.refused()) {
                span.setAttribute(OUTCOME, "refused");
                end(span, askedAt);
                throw new UnworkableTask("the model refused: " + reply.text());
            }
            var reading = job.read().apply(reply.text());
            span.setAttribute(OUTCOME, reading instanceof ModelAnswers.Reading.Valid ? "answered" : "invalid");
            end(span, askedAt);
            if (reading instanceof ModelAnswers.Reading.Valid valid) {
                var cost = setting.prices() == null ? null : setting.prices().cost(inputTokens, outputTokens);
                return withUsage(valid.payload(), new Payload.ModelUsage(setting.model(), inputTokens, outputTokens,
                        Duration.ofNanos(System.nanoTime() - started).toMillis(), calls, cost));
            }
            lastProblem = ((ModelAnswers.Reading.Invalid) reading).problems();
            asked = job.prompt().askedAgain(lastProblem);
        }
        throw new IllegalStateException("no valid answer from " + reasoner + " after " + answers + " answer(s) in " + calls
                + " request(s): " + lastProblem);
    }

    /** A span of the run's trace for one request: a generation, in Langfuse's words. */
    private Span callSpan(String version, int attempt, ModelPrompt asked) {
        return tracer.spanBuilder("chat " + setting.model())
                .setAttribute(GEN_AI_OPERATION, "chat")
                .setAttribute(GEN_AI_SYSTEM, setting.provider())
                .setAttribute(GEN_AI_PROVIDER, setting.provider())
                .setAttribute(GEN_AI_MODEL, setting.model())
                .setAttribute(LANGFUSE_OBSERVATION_TYPE, "generation")
                .setAttribute(LANGFUSE_MODEL, setting.model())
                .setAttribute(PROMPT_VERSION, version)
                .setAttribute(ATTEMPT, (long) attempt)
                .setAttribute(INPUT_BYTES, (long) (asked.system() + asked.user()).getBytes(StandardCharsets.UTF_8).length)
                .startSpan();
    }

    private static void end(Span span, long askedAt) {
        span.setAttribute(LATENCY_MS, (System.nanoTime() - askedAt) / 1_000_000);
        span.end();
    }

    private static Job job(TaskMessage task, TaskInput input, Context context, String version, String reasoner) {
        var agent = task.taskType();
        var files = PromptFilesOnClasspath.load(agent, version)
                .orElseThrow(() -> new UnworkableTask("no prompt files prompts/" + agent + "/" + version + "/ in this worker"));
        var contextJson = ContextJson.write(context);
        var trigger = input.trigger().event();
        return switch (agent) {
            case "rca" -> {
                var prompt = ModelPrompt.of(agent, version, files, Map.of("context", contextJson));
                yield new Job(prompt, text -> ModelAnswers.rootCause(text, prompt.schemaJson(), context, reasoner));
            }
            case "fix" -> {
                if (!(trigger.payload() instanceof Payload.RootCauseProposed cause)) {
                    throw new UnworkableTask("a fix is drafted from a RootCauseProposed, not from a " + trigger.eventType());
                }
                var prompt = ModelPrompt.of(agent, version, files, Map.of("context", contextJson, "root_cause", describe(cause)));
                yield new Job(prompt, text -> ModelAnswers.fix(text, prompt.schemaJson(), context, trigger.eventId(), reasoner));
            }
            case "instrumentation" -> {
                var cause = trigger.payload() instanceof Payload.RootCauseProposed proposed ? describe(proposed) : "none";
                var prompt = ModelPrompt.of(agent, version, files, Map.of("context", contextJson, "root_cause", cause));
                boolean doubtful = trigger.payload() instanceof Payload.RootCauseProposed;
                yield new Job(prompt, text -> ModelAnswers.instrumentation(text, prompt.schemaJson(), context, doubtful, reasoner));
            }
            default -> throw new UnworkableTask("no " + agent + " agent runs on a model");
        };
    }

    private static String describe(Payload.RootCauseProposed cause) {
        return cause.category().wire() + " (confidence " + cause.confidence() + "): " + cause.hypothesis()
                + (cause.evidence().isEmpty() ? "" : "\nEvidence:\n- " + String.join("\n- ", cause.evidence()));
    }

    private static Payload withUsage(Payload payload, Payload.ModelUsage usage) {
        if (payload instanceof Payload.RootCauseProposed c) {
            return new Payload.RootCauseProposed(c.hypothesis(), c.category(), c.confidence(), c.evidence(), c.traceId(), c.ranked(),
                    c.reasoner(), usage);
        }
        if (payload instanceof Payload.FixDrafted f) {
            return new Payload.FixDrafted(f.summary(), f.patch(), f.rootCauseEventId(), f.rationale(), f.risk(), f.reasoner(), usage);
        }
        var i = (Payload.InstrumentationProposed) payload;
        return new Payload.InstrumentationProposed(i.summary(), i.missingSignals(), i.patch(), i.additions(), i.reasoner(), usage);
    }
}
