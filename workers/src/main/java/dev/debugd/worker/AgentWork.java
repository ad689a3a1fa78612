package dev.debugd.worker;

import dev.debugd.config.ConfigHistory;
import dev.debugd.models.ProviderModels;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.TaskMessage;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * An agent's work with the provider its version was recorded with (AgentVersionActivated, as of the task's version):
 * the builtin reasoner, or a model ({@link ModelAgentWork}) with the key the profile's Secret holds. A task of a
 * version recorded with no setting runs the builtin reasoner, as before settings were recorded.
 */
public final class AgentWork implements TaskHandler {

    private final Function<String, ConfigHistory> configuration;
    private final Function<SecretKeyRef, Optional<String>> secrets;
    private final Duration timeout;
    private final ModelAgentWork.Pause pause;
    private final Tracer tracer;
    private final BuiltinAgentWork builtin = new BuiltinAgentWork();

    /**
     * @param configuration a tenant's configuration as recorded, read up to now
     * @param secrets       a credential by the Secret key a profile names
     * @param timeout       how long one request to a model may take
     * @param tracer        traces each request to a model in its run's trace
     */
    public AgentWork(Function<String, ConfigHistory> configuration, Function<SecretKeyRef, Optional<String>> secrets,
            Duration timeout, ModelAgentWork.Pause pause, Tracer tracer) {
        this.configuration = configuration;
        this.secrets = secrets;
        this.timeout = timeout;
        this.pause = pause;
        this.tracer = tracer;
    }

    @Override
    public Payload handle(TaskMessage task, TaskInput input) throws Exception {
        var setting = configuration.apply(task.tenantId()).agentSetting(task.taskType(), task.agentVersion());
        // The Evaluation Agent judges with its builtin rule whatever the profile's provider (a model's judgement is
        // planned); its output names the rule it applied.
        if (setting.isEmpty() || setting.get().provider().equals("builtin") || task.taskType().equals("evaluation")) {
            return builtin.handle(task, input);
        }
        var key = Optional.ofNullable(setting.get().credentials()).flatMap(secrets);
        ModelAgentWork work;
        try {
            work = new ModelAgentWork(ProviderModels.connect(setting.get(), key, timeout), setting.get(), pause, tracer);
        } catch (IllegalArgumentException e) {
            throw new UnworkableTask("agent " + task.taskType() + " " + task.agentVersion() + ": " + e.getMessage());
        }
        return work.handle(task, input);
    }
}
