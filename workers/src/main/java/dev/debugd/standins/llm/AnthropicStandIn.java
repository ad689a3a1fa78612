package dev.debugd.standins.llm;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Anthropic's messages API, not Anthropic: {@code POST /v1/messages} with the {@code x-api-key} and
 * {@code anthropic-version} headers, answered from the {@link Script} in Anthropic's shapes, a {@code message} or, for
 * {@code "stream": true}, the server-sent events {@code message_start}, {@code content_block_start}, {@code ping},
 * {@code content_block_delta}, {@code content_block_stop}, {@code message_delta} and {@code message_stop}. Each body is a
 * copy of a response recorded in Anthropic's SDK ({@code standins/llm/shapes/}) with every key kept.
 */
public final class AnthropicStandIn extends LlmStandIn {

    private final JsonNode message = JSON.readTree(shape("anthropic-message.end-turn.json"));
    private final JsonNode toolUseBlock = JSON.readTree(shape("anthropic-message.tool-use.json")).get("content").get(1);
    private final Map<String, JsonNode> events = events(shape("anthropic-messages-stream.basic.sse"));
    private final JsonNode error = JSON.readTree(shape("anthropic-error.json"));

    private AnthropicStandIn(int port, Script whenQueueEmpty) throws IOException {
        super(port, whenQueueEmpty);
    }

    /** Serves on the loopback interface (port 0 takes a free port); requests beyond the queued scripts get the default. */
    public static AnthropicStandIn start(int port, Script whenQueueEmpty) throws IOException {
        var standIn = new AnthropicStandIn(port, whenQueueEmpty);
        standIn.listen();
        return standIn;
    }

    /**
     * {@code http://127.0.0.1:<port>/v1/}, in the form langchain4j-anthropic's default has (https://api.anthropic.com/v1/):
     * it appends {@code messages} to it.
     */
    @Override
    public URI baseUrl() {
        return URI.create(origin() + "/v1/");
    }

    @Override
    String path() {
        return "/v1/messages";
    }

    @Override
    String keyHeader() {
        return "x-api-key";
    }

    @Override
    boolean isKey(String value) {
        return !value.isBlank();
    }

    /**
     * Structured output as langchain4j-anthropic 1.19.0 asks for it, {@code output_config: {format: {type:
     * "json_schema", schema}}}, or the older way, a tool that {@code tool_choice} forces, whose {@code input_schema} is
     * the schema.
     */
    @Override
    Optional<JsonNode> schemaOf(JsonNode body) {
        var format = body.path("output_config").path("format");
        if (format.path("type").asString("").equals("json_schema") && format.has("schema")) {
            return Optional.of(format.get("schema"));
        }
        var choice = body.path("tool_choice");
        if (choice.path("type").asString("").equals("tool")) {
            for (var tool : body.path("tools")) {
                if (tool.path("name").equals(choice.path("name")) && tool.has("input_schema")) {
                    return Optional.of(tool.get("input_schema"));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    Optional<String> missingHeader(RecordedRequest request) {
        return request.header("anthropic-version").isPresent() ? Optional.empty() : Optional.of("anthropic-version");
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
            case OVERLOADED -> 529;
        };
        var requestId = requestId(exchange);
        var body = (ObjectNode) error.deepCopy();
        var details = (ObjectNode) body.get("error");
        details.put("type", switch (failure) {
            case INVALID_REQUEST, METHOD_NOT_ALLOWED -> "invalid_request_error";
            case UNAUTHENTICATED -> "authentication_error";
            case NOT_FOUND -> "not_found_error";
            case RATE_LIMITED -> "rate_limit_error";
            case SERVER_ERROR -> "api_error";
            case OVERLOADED -> "overloaded_error";
        });
        details.put("message", message);
        body.put("request_id", requestId);
        sendJson(exchange, status, body);
    }

    @Override
    void complete(HttpExchange exchange, Completion completion, RecordedRequest request) throws IOException {
        requestId(exchange);
        var id = "msg_standin_" + nextId();
        var model = request.model().orElseThrow();
        var block = contentBlock(completion);
        if (request.streaming()) {
            stream(exchange, completion, request, id, model, block);
            return;
        }
        var response = (ObjectNode) message.deepCopy();
        response.put("id", id);
        response.put("model", model);
        response.putArray("content").add(block);
        response.put("stop_reason", stopReason(completion.kind()));
        response.putNull("stop_sequence");
        var usage = (ObjectNode) response.get("usage");
        usage.put("input_tokens", inputTokens(request));
        usage.put("output_tokens", tokens(completion.text().length()));
        sendJson(exchange, 200, response);
    }

    private void stream(HttpExchange exchange, Completion completion, RecordedRequest request, String id, String model,
            ObjectNode block) throws IOException {
        var kind = completion.kind();
        var stream = openStream(exchange, kind == Completion.Kind.TRUNCATED);

        var start = event("message_start");
        var started = (ObjectNode) start.get("message");
        started.put("id", id);
        started.put("model", model);
        ((ObjectNode) started.get("usage")).put("input_tokens", inputTokens(request));
        send(stream, start);

        var blockStart = event("content_block_start");
        boolean toolUse = kind == Completion.Kind.TOOL_USE;
        if (toolUse) {
            block.putObject("input"); // the input arrives as partial JSON
        } else {
            block.put("text", "");
        }
        blockStart.set("content_block", block);
        send(stream, blockStart);
        send(stream, event("ping"));

        for (var piece : pieces(completion.text())) {
            var delta = event("content_block_delta");
            var change = ((ObjectNode) delta.get("delta")).removeAll();
            if (toolUse) {
                change.put("type", "input_json_delta");
                change.put("partial_json", piece);
            } else {
                change.put("type", "text_delta");
                change.put("text", piece);
            }
            send(stream, delta);
        }
        if (kind == Completion.Kind.TRUNCATED) {
            return; // cut off mid-content: no block stop, no message_delta, no message_stop
        }
        send(stream, event("content_block_stop"));
        var messageDelta = event("message_delta");
        ((ObjectNode) messageDelta.get("delta")).put("stop_reason", stopReason(kind));
        ((ObjectNode) messageDelta.get("usage")).put("output_tokens", tokens(completion.text().length()));
        send(stream, messageDelta);
        send(stream, event("message_stop"));
    }

    private ObjectNode contentBlock(Completion completion) {
        if (completion.kind() == Completion.Kind.TOOL_USE) {
            var block = (ObjectNode) toolUseBlock.deepCopy();
            block.put("id", "toolu_standin_" + nextId());
            block.put("name", completion.toolName().orElseThrow());
            block.set("input", JSON.readTree(completion.text()));
            return block;
        }
        var block = (ObjectNode) message.get("content").get(0).deepCopy();
        block.put("text", completion.text());
        return block;
    }

    private static String stopReason(Completion.Kind kind) {
        return switch (kind) {
            case ANSWER -> "end_turn";
            case TRUNCATED -> "max_tokens";
            case REFUSAL -> "refusal";
            case TOOL_USE -> "tool_use";
        };
    }

    private static int inputTokens(RecordedRequest request) {
        return tokens(JSON.writeValueAsString(request.body()).length());
    }

    /** Anthropic's {@code request-id} header, also in an error body. */
    private String requestId(HttpExchange exchange) {
        var requestId = "req_standin_" + nextId();
        exchange.getResponseHeaders().set("request-id", requestId);
        return requestId;
    }

    /** A copy of the example stream's first event of this type. */
    private ObjectNode event(String type) {
        return (ObjectNode) events.get(type).deepCopy();
    }

    private static void send(OutputStream stream, ObjectNode event) throws IOException {
        sendEvent(stream, event.get("type").asString(), JSON.writeValueAsString(event));
    }

    /** The example stream's events by type, the first of each. */
    private static Map<String, JsonNode> events(String sse) {
        var events = new LinkedHashMap<String, JsonNode>();
        for (var line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                var data = JSON.readTree(line.substring("data: ".length()));
                events.putIfAbsent(data.get("type").asString(), data);
            }
        }
        return Map.copyOf(events);
    }
}
