package dev.debugd.worker;

import dev.debugd.agents.ModelAnswers;
import dev.debugd.agents.ModelPrompt;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.models.ModelCall;
import dev.debugd.models.ModelCallFailed;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.TaskMessage;
import java.time.Duration;

/**
 * The RCA Agent on a model (ARCHITECTURE §5): the versioned prompt with the cycle's context as data, the answer checked
 * on arrival ({@link ModelAnswers}); an invalid or empty answer is asked again with what was wrong, up to
 * {@link #ANSWERS} answers; a request that failed is tried again after the pause the provider asked for (or a doubling
 * one), up to {@link #CALLS} requests in all. A refusal, a prompt version that does not exist or a provider that refuses
 * the request for good ends the task ({@link UnworkableTask}); anything else fails the run, and the task comes back.
 */
public final class ModelAgentWork implements TaskHandler {

    static final int ANSWERS = 3;
    static final int CALLS = 6;
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    /** Waits between attempts (a test waits less). */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ModelCall model;
    private final Payload.AgentSetting setting;
    private final Pause pause;

    public ModelAgentWork(ModelCall model, Payload.AgentSetting setting, Pause pause) {
        this.model = model;
        this.setting = setting;
        this.pause = pause;
    }

    @Override
    public Payload handle(TaskMessage task, TaskInput input) throws Exception {
        if (!task.taskType().equals("rca")) {
            throw new UnworkableTask("the " + task.taskType() + " agent does not run on a model yet (planned); its profile must"
                    + " name provider builtin");
        }
        var context = BuiltinAgentWork.context(input);
        var version = setting.promptVersion() == null ? "v1" : setting.promptVersion();
        var files = PromptFilesOnClasspath.load("rca", version)
                .orElseThrow(() -> new UnworkableTask("no prompt files prompts/rca/" + version + "/ in this worker"));
        var prompt = ModelPrompt.of("rca", version, files, ContextJson.write(context));
        var reasoner = setting.provider() + "/" + setting.model() + "@" + version;
        long started = System.nanoTime();
        long inputTokens = 0;
        long outputTokens = 0;
        int calls = 0;
        int answers = 0;
        var asked = prompt;
        String lastProblem = "";
        Duration backoff = Duration.ofSeconds(1);
        while (answers < ANSWERS && calls < CALLS) {
            calls++;
            ModelCall.Reply reply;
            try {
                reply = model.ask(asked);
            } catch (ModelCallFailed e) {
                if (!e.retryable()) {
                    throw new UnworkableTask("the " + setting.provider() + " provider refused the request: " + e.getMessage());
                }
                lastProblem = e.getMessage();
                // As long as the provider asked; else a pause of our own that doubles each time.
                var wait = e.retryAfter().orElse(backoff);
                if (e.retryAfter().isEmpty()) {
                    backoff = backoff.multipliedBy(2);
                }
                pause.sleep(wait.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : wait);
                continue;
            }
            answers++;
            inputTokens += reply.inputTokens();
            outputTokens += reply.outputTokens();
            if (reply.refused()) {
                throw new UnworkableTask("the model refused: " + reply.text());
            }
            var reading = ModelAnswers.rootCause(reply.text(), prompt.schemaJson(), context, reasoner);
            if (reading instanceof ModelAnswers.Reading.Valid valid) {
                var cause = valid.payload();
                var usage = new Payload.ModelUsage(setting.model(), inputTokens, outputTokens,
                        Duration.ofNanos(System.nanoTime() - started).toMillis(), calls, null);
                return new Payload.RootCauseProposed(cause.hypothesis(), cause.category(), cause.confidence(), cause.evidence(),
                        null, cause.ranked(), cause.reasoner(), usage);
            }
            lastProblem = ((ModelAnswers.Reading.Invalid) reading).problems();
            asked = new ModelPrompt(prompt.agent(), prompt.version(), prompt.system(), prompt.user()
                    + "\n\nYour previous answer was refused: " + lastProblem + ". Answer again.", prompt.schemaJson());
        }
        throw new IllegalStateException("no valid answer from " + reasoner + " after " + answers + " answer(s) in " + calls
                + " request(s): " + lastProblem);
    }
}
