package dev.debugd.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes of an agent run's trace: OpenTelemetry's GenAI conventions ({@code gen_ai.*}) for the model calls,
 * Langfuse's ({@code langfuse.*}) so that its OTel endpoint names the trace, groups an incident's runs in one session and
 * shows each model call as a generation, and ours ({@code debugd.*}) for the task. Sizes, never contents: the context
 * and the answers stay in the events.
 */
public final class TraceAttributes {

    public static final AttributeKey<String> GEN_AI_OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> GEN_AI_SYSTEM = AttributeKey.stringKey("gen_ai.system");
    public static final AttributeKey<String> GEN_AI_PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> GEN_AI_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<Long> GEN_AI_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

    public static final AttributeKey<String> LANGFUSE_TRACE_NAME = AttributeKey.stringKey("langfuse.trace.name");
    public static final AttributeKey<String> LANGFUSE_SESSION = AttributeKey.stringKey("langfuse.session.id");
    public static final AttributeKey<String> LANGFUSE_OBSERVATION_TYPE = AttributeKey.stringKey("langfuse.observation.type");
    public static final AttributeKey<String> LANGFUSE_MODEL = AttributeKey.stringKey("langfuse.observation.model.name");

    public static final AttributeKey<String> TASK_KEY = AttributeKey.stringKey("debugd.task.key");
    public static final AttributeKey<String> TASK_TYPE = AttributeKey.stringKey("debugd.task.type");
    public static final AttributeKey<String> AGENT_VERSION = AttributeKey.stringKey("debugd.agent.version");
    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("debugd.tenant");
    public static final AttributeKey<String> INCIDENT = AttributeKey.stringKey("debugd.incident");
    public static final AttributeKey<Long> CYCLE = AttributeKey.longKey("debugd.cycle");
    public static final AttributeKey<String> REASONER = AttributeKey.stringKey("debugd.reasoner");
    public static final AttributeKey<String> PROMPT_VERSION = AttributeKey.stringKey("debugd.prompt.version");
    /** ok, failed (the task comes back), unworkable (it ends); for a model call: answered, invalid, refused, failed. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("debugd.outcome");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("debugd.attempt");
    public static final AttributeKey<Long> LATENCY_MS = AttributeKey.longKey("debugd.latency_ms");
    public static final AttributeKey<Long> INPUT_BYTES = AttributeKey.longKey("debugd.input.bytes");
    public static final AttributeKey<Long> OUTPUT_BYTES = AttributeKey.longKey("debugd.output.bytes");
    public static final AttributeKey<Long> RETRY_AFTER_MS = AttributeKey.longKey("debugd.retry_after_ms");

    private TraceAttributes() {}
}
