package dev.debugd.standins.llm;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for an OpenAI-compatible chat completions server (OpenAI, vLLM, llama.cpp, Ollama), not the server:
 * {@code POST /v1/chat/completions} with Bearer authentication, answered from the {@link Script} in OpenAI's shapes,
 * a {@code chat.completion} or, for {@code "stream": true}, server-sent {@code chat.completion.chunk}s ending in
 * {@code data: [DONE]} (with a usage chunk first when {@code stream_options.include_usage} asks). Each body is a copy of
 * OpenAI's own example ({@code standins/llm/shapes/}) with every key kept.
 */
public final class OpenAiStandIn extends LlmStandIn {

    private final JsonNode completion = JSON.readTree(shape("openai-chat-completion.default.json"));
    private final JsonNode toolCompletion = JSON.readTree(shape("openai-chat-completion.functions.json"));
    private final JsonNode chunks = JSON.readTree(shape("openai-chat-completion-chunks.streaming.json"));
    private final JsonNode error = JSON.readTree(shape("openai-error.json"));

    private OpenAiStandIn(int port, Script whenQueueEmpty) throws IOException {
        super(port, whenQueueEmpty);
    }

    /** Serves on the loopback interface (port 0 takes a free port); requests beyond the queued scripts get the default. */
    public static OpenAiStandIn start(int port, Script whenQueueEmpty) throws IOException {
        var standIn = new OpenAiStandIn(port, whenQueueEmpty);
        standIn.listen();
        return standIn;
    }

    /** {@code http://127.0.0.1:<port>/v1}, as a profile's {@code baseUrl} names it (OpenAI's is https://api.openai.com/v1). */
    @Override
    public URI baseUrl() {
        return URI.create(origin() + "/v1");
    }

    @Override
    String path() {
        return "/v1/chat/completions";
    }

    @Override
    String keyHeader() {
        return "authorization";
    }

    @Override
    boolean isKey(String value) {
        return value.startsWith("Bearer ") && !value.substring("Bearer ".length()).isBlank();
    }

    /** {@code response_format: {type: "json_schema", json_schema: {name, strict, schema}}}. */
    @Override
    Optional<JsonNode> schemaOf(JsonNode body) {
        var format = body.path("response_format");
        return format.path("type").asString("").equals("json_schema") && format.path("json_schema").has("schema")
                ? Optional.of(format.path("json_schema").get("schema")) : Optional.empty();
    }

    @Override
    Optional<String> missingHeader(RecordedRequest request) {
        return Optional.empty();
    }

    @Override
    void fail(HttpExchange exchange, Failure failure, String message) throws IOException {
        int status = switch (failure) {
            case INVALID_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case RATE_LIMITED -> 429;
            case SERVER_ERROR -> 500;
            case OVERLOADED -> 503;
        };
        var body = error.deepCopy();
        var details = (ObjectNode) body.get("error");
        details.put("message", switch (failure) {
            case SERVER_ERROR -> "The server had an error while processing your request. Sorry about that!";
            case OVERLOADED -> "The engine is currently overloaded, please try again later";
            default -> message;
        });
        details.put("type", switch (failure) {
            case RATE_LIMITED -> "requests";
            case SERVER_ERROR, OVERLOADED -> "server_error";
            default -> "invalid_request_error";
        });
        details.putNull("param");
        details.put("code", failure == Failure.RATE_LIMITED ? "rate_limit_exceeded" : null);
        exchange.getResponseHeaders().set("x-request-id", "req_standin_" + nextId());
        sendJson(exchange, status, body);
    }

    @Override
    void complete(HttpExchange exchange, Completion completion, RecordedRequest request) throws IOException {
        var id = "chatcmpl-standin-" + nextId();
        var model = request.model().orElseThrow();
        exchange.getResponseHeaders().set("x-request-id", "req_standin_" + nextId());
        if (request.streaming()) {
            stream(exchange, completion, request, id, model);
            return;
        }
        var kind = completion.kind();
        var response = (ObjectNode) (kind == Completion.Kind.TOOL_USE ? toolCompletion : this.completion).deepCopy();
        response.put("id", id);
        response.put("created", now());
        response.put("model", model);
        var choice = (ObjectNode) response.get("choices").get(0);
        var message = (ObjectNode) choice.get("message");
        switch (kind) {
            case ANSWER, TRUNCATED -> message.put("content", completion.text());
            case REFUSAL -> {
                message.putNull("content");
                message.put("refusal", completion.text());
            }
            case TOOL_USE -> {
                var call = (ObjectNode) message.get("tool_calls").get(0);
                call.put("id", "call_standin_" + nextId());
                var function = (ObjectNode) call.get("function");
                function.put("name", completion.toolName().orElseThrow());
                function.put("arguments", completion.text());
            }
        }
        choice.put("finish_reason", finishReason(kind));
        usage((ObjectNode) response.get("usage"), request, completion);
        sendJson(exchange, 200, response);
    }

    private void stream(HttpExchange exchange, Completion completion, RecordedRequest request, String id, String model)
            throws IOException {
        var kind = completion.kind();
        boolean includeUsage = request.body().path("stream_options").path("include_usage").asBoolean(false);
        var stream = openStream(exchange, kind == Completion.Kind.TRUNCATED);
        var first = chunk(0, id, model, includeUsage);
        var roleDelta = delta(first);
        switch (kind) {
            case REFUSAL -> {
                roleDelta.putNull("content");
                roleDelta.put("refusal", "");
            }
            case TOOL_USE -> {
                roleDelta.putNull("content");
                var call = roleDelta.putArray("tool_calls").addObject();
                call.put("index", 0);
                call.put("id", "call_standin_" + nextId());
                call.put("type", "function");
                var function = call.putObject("function");
                function.put("name", completion.toolName().orElseThrow());
                function.put("arguments", "");
            }
            default -> { }
        }
        sendEvent(stream, null, JSON.writeValueAsString(first));
        for (var piece : pieces(completion.text())) {
            var next = chunk(1, id, model, includeUsage);
            var delta = delta(next);
            delta.removeAll();
            switch (kind) {
                case REFUSAL -> delta.put("refusal", piece);
                case TOOL_USE -> {
                    var call = delta.putArray("tool_calls").addObject();
                    call.put("index", 0);
                    call.putObject("function").put("arguments", piece);
                }
                default -> delta.put("content", piece);
            }
            sendEvent(stream, null, JSON.writeValueAsString(next));
        }
        if (kind == Completion.Kind.TRUNCATED) {
            return; // cut off mid-content: no finish chunk, no [DONE]
        }
        var last = chunk(2, id, model, includeUsage);
        ((ObjectNode) last.get("choices").get(0)).put("finish_reason", finishReason(kind));
        sendEvent(stream, null, JSON.writeValueAsString(last));
        if (includeUsage) {
            var usageChunk = chunk(2, id, model, false);
            usageChunk.putArray("choices");
            usage(usageChunk.putObject("usage"), request, completion);
            sendEvent(stream, null, JSON.writeValueAsString(usageChunk));
        }
        sendEvent(stream, null, "[DONE]");
    }

    /** A copy of the example's chunk (0: the role, 1: a content delta, 2: the finish) for this completion. */
    private ObjectNode chunk(int example, String id, String model, boolean includeUsage) {
        var chunk = (ObjectNode) chunks.get(example).deepCopy();
        chunk.put("id", id);
        chunk.put("created", now());
        chunk.put("model", model);
        if (includeUsage) {
            chunk.putNull("usage"); // with include_usage every chunk has "usage": null, the last one its counts
        }
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0).get("delta");
    }

    private static String finishReason(Completion.Kind kind) {
        return switch (kind) {
            case ANSWER, REFUSAL -> "stop";
            case TRUNCATED -> "length";
            case TOOL_USE -> "tool_calls";
        };
    }

    private static void usage(ObjectNode usage, RecordedRequest request, Completion completion) {
        int prompt = tokens(JSON.writeValueAsString(request.body()).length());
        int answer = tokens(completion.text().length());
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", answer);
        usage.put("total_tokens", prompt + answer);
    }
}
