package dev.debugd.models;

import dev.debugd.agents.ModelPrompt;
import dev.debugd.timeline.Payload;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Optional;

/**
 * The model providers an AgentProfile names, through langchain4j: {@code openai} (OpenAI, or any OpenAI-compatible
 * server at the profile's base URL: vLLM, llama.cpp, Ollama) and {@code anthropic}, each with the answer's JSON schema in
 * its structured-output mode. langchain4j's own retries are off: the agent run decides when to try again, honouring
 * the provider's {@code retry-after}.
 */
public final class ProviderModels {

    static final String OPENAI_URL = "https://api.openai.com/v1";
    static final String ANTHROPIC_URL = "https://api.anthropic.com/v1/";

    private ProviderModels() {}

    /**
     * @param key the provider's API key (from the Secret the profile names); none for a local server that wants none
     */
    public static ModelCall connect(Payload.AgentSetting setting, Optional<String> key, Duration timeout) {
        if (setting.model() == null || setting.model().isBlank()) {
            throw new IllegalArgumentException("provider " + setting.provider() + " needs a model in the AgentProfile");
        }
        ChatModel model = switch (setting.provider()) {
            case "openai" -> OpenAiChatModel.builder().baseUrl(setting.baseUrl() == null ? OPENAI_URL : setting.baseUrl())
                    .apiKey(key.orElse("none")).modelName(setting.model()).temperature(setting.temperature()).timeout(timeout)
                    .maxRetries(0).httpClientBuilder(new HeaderKeepingHttpClient.Builder()).logRequests(false).logResponses(false)
                    .build();
            case "anthropic" -> AnthropicChatModel.builder().baseUrl(setting.baseUrl() == null ? ANTHROPIC_URL : setting.baseUrl())
                    .apiKey(key.orElse("none"))
                    .modelName(setting.model()).temperature(setting.temperature()).maxTokens(2048).timeout(timeout).maxRetries(0)
                    .httpClientBuilder(new HeaderKeepingHttpClient.Builder()).logRequests(false).logResponses(false).build();
            default -> throw new IllegalArgumentException("no model provider '" + setting.provider() + "' (openai, anthropic)");
        };
        return prompt -> ask(model, prompt);
    }

    /** One request; the answer's schema goes in the provider's structured-output mode (both providers have one). */
    private static ModelCall.Reply ask(ChatModel model, ModelPrompt prompt) throws ModelCallFailed {
        var request = ChatRequest.builder().messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()))
                .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(JsonSchema.builder()
                        .name(prompt.agent() + "_answer").rootElement(JsonRawSchema.from(prompt.schemaJson())).build()).build());
        try {
            var response = model.chat(request.build());
            var usage = response.tokenUsage();
            var text = response.aiMessage().text();
            var finish = response.finishReason() == null ? "" : response.finishReason().name();
            return new ModelCall.Reply(text == null ? "" : text, text == null && !finish.equals("LENGTH"), finish,
                    usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                    usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        } catch (ContentFilteredException e) {
            // OpenAI's refusal (message.refusal) reaches us as this: an answer, not a failure to retry.
            return new ModelCall.Reply(firstLine(String.valueOf(e.getMessage())), true, "CONTENT_FILTER", 0, 0);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** langchain4j's exception as a failure that says whether to try again, and when. */
    static ModelCallFailed failed(RuntimeException e) {
        var refused = refused(e);
        var status = refused.map(r -> "HTTP " + r.statusCode() + ": " + firstLine(r.getMessage())).orElse(describe(e));
        boolean permanent = e instanceof AuthenticationException || e instanceof InvalidRequestException
                || e instanceof ModelNotFoundException || (e instanceof NonRetriableException && refused.isPresent()
                && refused.get().statusCode() < 500 && refused.get().statusCode() != 429 && refused.get().statusCode() != 408);
        return new ModelCallFailed(status, !permanent, refused.flatMap(HeaderKeepingHttpClient.Refused::retryAfter));
    }

    private static Optional<HeaderKeepingHttpClient.Refused> refused(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HeaderKeepingHttpClient.Refused refused) {
                return Optional.of(refused);
            }
        }
        return Optional.empty();
    }

    private static String describe(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getSimpleName() + (root == e ? "" : " (" + root.getClass().getSimpleName() + ")") + ": "
                + firstLine(String.valueOf(e.getMessage()));
    }

    private static String firstLine(String text) {
        var line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
