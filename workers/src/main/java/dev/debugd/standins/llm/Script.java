package dev.debugd.standins.llm;

import java.time.Duration;

/**
 * What an LLM stand-in answers the next request with: a test queues these ({@code standIn.script(…)}) and each request
 * takes the next; with the queue empty, the stand-in's default answers. Each case reads the same on both providers and
 * takes the provider's own shape: finish reasons, stop reasons, error bodies and stream events.
 */
public sealed interface Script {

    /** The text an answer cut short carries: a JSON object that stops mid-key. */
    String CUT_JSON = "{\"category\": \"code_defect\", \"confiden";

    /** A complete answer: the content text, usually the JSON the agent was asked for (valid or not against its schema). */
    record Answer(String content) implements Script {}

    /** An answer that ended normally but whose content is not JSON. */
    record MalformedJson() implements Script {
        public String content() {
            return CUT_JSON;
        }
    }

    /**
     * An answer cut off at the token limit. Non-streaming: finish reason {@code length} (OpenAI) or stop reason
     * {@code max_tokens} (Anthropic) with the cut content. Streaming: the stream stops mid-content, without its final
     * event or {@code [DONE]}, and the connection closes.
     */
    record Truncated() implements Script {
        public String content() {
            return CUT_JSON;
        }
    }

    /** The model declines: OpenAI's {@code message.refusal} with no content, Anthropic's stop reason {@code refusal}. */
    record Refusal(String text) implements Script {}

    /** A call of the tool named, its arguments a JSON object: OpenAI's {@code tool_calls}, Anthropic's {@code tool_use}. */
    record ToolUse(String name, String inputJson) implements Script {}

    /** 429 with a {@code retry-after} header and the provider's rate-limit error body. */
    record RateLimited(int retryAfterSeconds) implements Script {}

    /** 500 with the provider's server-error body. */
    record ServerError() implements Script {}

    /** The provider is overloaded: Anthropic's 529 {@code overloaded_error}, OpenAI's 503. */
    record Overloaded() implements Script {}

    /** A complete answer that starts only after the delay (streaming: before the first byte). */
    record Slow(Duration delay, String content) implements Script {}

    static Script answer(String content) {
        return new Answer(content);
    }

    /** An answer that is JSON but breaks the schema asked for (here: the required fields missing). */
    static Script schemaViolating() {
        return new Answer("{\"unexpected\": true}");
    }

    static Script malformedJson() {
        return new MalformedJson();
    }

    static Script truncated() {
        return new Truncated();
    }

    static Script refusal(String text) {
        return new Refusal(text);
    }

    static Script toolUse(String name, String inputJson) {
        return new ToolUse(name, inputJson);
    }

    static Script rateLimited(int retryAfterSeconds) {
        return new RateLimited(retryAfterSeconds);
    }

    static Script serverError() {
        return new ServerError();
    }

    static Script overloaded() {
        return new Overloaded();
    }

    static Script slow(Duration delay, String content) {
        return new Slow(delay, content);
    }
}
