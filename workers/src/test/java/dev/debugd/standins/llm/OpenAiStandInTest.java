package dev.debugd.standins.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI stand-in over real HTTP: every script's status, headers and body shape, checks, recording, and langchain4j. */
class OpenAiStandInTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ANSWER = "{\"category\":\"code_defect\",\"confidence\":0.8}";
    /** 60 characters: 15 prompt tokens. */
    static final String HELLO = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    static final String STREAM_HELLO = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"stream\":true}";

    final HttpClient http = HttpClient.newHttpClient();
    OpenAiStandIn standIn;

    @BeforeEach
    void start() throws IOException {
        standIn = OpenAiStandIn.start(0, Script.answer(ANSWER));
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void theBaseUrlIsTheV1RootOnTheLoopbackInterface() {
        assertThat(standIn.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
    }

    @Test
    void anAnswerIsAChatCompletionWithEveryKeyOfOpenAisExample() throws Exception {
        var response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        var body = JSON.readTree(response.body());
        assertSameKeys(body, shape("openai-chat-completion.default.json"));
        assertThat(body.get("object").asString()).isEqualTo("chat.completion");
        assertThat(body.get("id").asString()).startsWith("chatcmpl-");
        assertThat(body.get("model").asString()).isEqualTo("m");
        var choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asString()).isEqualTo(ANSWER);
        assertThat(choice.get("message").get("refusal").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(15);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(10);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(25);
    }

    @Test
    void scriptsAnswerInOrderThenTheDefault() throws Exception {
        standIn.script(Script.answer("first"), Script.schemaViolating(), Script.malformedJson());

        assertThat(content(post(HELLO))).isEqualTo("first");
        assertThat(content(post(HELLO))).isEqualTo("{\"unexpected\": true}");
        var malformed = JSON.readTree(post(HELLO).body()).get("choices").get(0);
        assertThat(malformed.get("message").get("content").asString()).isEqualTo("{\"category\": \"code_defect\", \"confiden");
        assertThat(malformed.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(content(post(HELLO))).isEqualTo(ANSWER);
    }

    @Test
    void aTruncatedAnswerStopsForLength() throws Exception {
        standIn.script(Script.truncated());

        var choice = JSON.readTree(post(HELLO).body()).get("choices").get(0);

        assertThat(choice.get("message").get("content").asString()).isEqualTo("{\"category\": \"code_defect\", \"confiden");
        assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void aRefusalHasNoContent() throws Exception {
        standIn.script(Script.refusal("I can't help with that."));

        var body = JSON.readTree(post(HELLO).body());

        assertSameKeys(body, shape("openai-chat-completion.default.json"));
        var message = body.get("choices").get(0).get("message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("refusal").asString()).isEqualTo("I can't help with that.");
        assertThat(body.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void aToolUseIsAToolCallWithEveryKeyOfOpenAisExample() throws Exception {
        standIn.script(Script.toolUse("read_file", "{\"path\":\"Coupons.java\"}"));

        var body = JSON.readTree(post(HELLO).body());

        assertSameKeys(body, shape("openai-chat-completion.functions.json"));
        var call = body.get("choices").get(0).get("message").get("tool_calls").get(0);
        assertThat(call.get("type").asString()).isEqualTo("function");
        assertThat(call.get("function").get("name").asString()).isEqualTo("read_file");
        assertThat(call.get("function").get("arguments").asString()).isEqualTo("{\"path\":\"Coupons.java\"}");
        assertThat(body.get("choices").get(0).get("finish_reason").asString()).isEqualTo("tool_calls");
    }

    @Test
    void rateLimitedIs429WithRetryAfter() throws Exception {
        standIn.script(Script.rateLimited(7));

        var response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        var body = JSON.readTree(response.body());
        assertSameKeys(body, shape("openai-error.json"));
        assertThat(body.get("error").get("type").asString()).isEqualTo("requests");
        assertThat(body.get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(body.get("error").get("message").asString()).contains("7s");
    }

    @Test
    void aServerErrorIs500AndOverloadedIs503() throws Exception {
        standIn.script(Script.serverError(), Script.overloaded());

        var serverError = post(HELLO);
        var overloaded = post(HELLO);

        assertThat(serverError.statusCode()).isEqualTo(500);
        var body = JSON.readTree(serverError.body());
        assertSameKeys(body, shape("openai-error.json"));
        assertThat(body.get("error").get("type").asString()).isEqualTo("server_error");
        assertThat(overloaded.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(overloaded.body()).get("error").get("type").asString()).isEqualTo("server_error");
    }

    @Test
    void aSlowAnswerComesAfterItsDelay() throws Exception {
        standIn.script(Script.slow(Duration.ofMillis(300), "late"));

        long started = System.nanoTime();
        var response = post(HELLO);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(content(response)).isEqualTo("late");
    }

    @Test
    void aStreamedAnswerIsChunksThenDone() throws Exception {
        var response = post(STREAM_HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
        var data = data(response.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        var chunks = chunks(data);
        var examples = shape("openai-chat-completion-chunks.streaming.json");
        var text = new StringBuilder();
        for (var chunk : chunks) {
            assertThat(keys(chunk)).isEqualTo(keys(examples.get(0)));
            assertThat(keys(chunk.get("choices").get(0))).isEqualTo(keys(examples.get(0).get("choices").get(0)));
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            text.append(chunk.get("choices").get(0).get("delta").path("content").asString(""));
        }
        assertThat(text.toString()).isEqualTo(ANSWER);
        assertThat(chunks.get(0).get("choices").get(0).get("delta").get("role").asString()).isEqualTo("assistant");
        assertThat(chunks.get(chunks.size() - 1).get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void aStreamAskingForUsageEndsWithAUsageChunk() throws Exception {
        var response = post("{\"model\":\"m\",\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        var chunks = chunks(data(response.body()));
        var usage = chunks.get(chunks.size() - 1);

        assertThat(usage.get("choices").size()).isZero();
        assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(10);
        assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(chunk -> chunk.get("usage").isNull());
    }

    @Test
    void aTruncatedStreamStopsMidContentWithoutDone() throws Exception {
        standIn.script(Script.truncated());

        var response = post(STREAM_HELLO);

        assertThat(response.headers().firstValue("connection")).contains("close");
        var data = data(response.body());
        assertThat(data).doesNotContain("[DONE]");
        var chunks = chunks(data);
        assertThat(chunks).allMatch(chunk -> chunk.get("choices").get(0).get("finish_reason").isNull());
        assertThat(chunks.stream().map(chunk -> chunk.get("choices").get(0).get("delta").path("content").asString(""))
                .reduce("", String::concat)).isEqualTo("{\"category\": \"code_defect\", \"confiden");
    }

    @Test
    void aStreamedRefusalAndToolUseComeAsTheirDeltas() throws Exception {
        standIn.script(Script.refusal("No."), Script.toolUse("read_file", "{\"path\":\"Coupons.java\"}"));

        var refusal = chunks(data(post(STREAM_HELLO).body()));
        var toolUse = chunks(data(post(STREAM_HELLO).body()));

        assertThat(refusal.stream().map(chunk -> chunk.get("choices").get(0).get("delta").path("refusal").asString(""))
                .reduce("", String::concat)).isEqualTo("No.");
        assertThat(toolUse.get(0).get("choices").get(0).get("delta").get("tool_calls").get(0).get("function").get("name")
                .asString()).isEqualTo("read_file");
        assertThat(toolUse.stream().map(chunk -> chunk.get("choices").get(0).get("delta").path("tool_calls").path(0)
                .path("function").path("arguments").asString("")).reduce("", String::concat))
                .isEqualTo("{\"path\":\"Coupons.java\"}");
        assertThat(toolUse.get(toolUse.size() - 1).get("choices").get(0).get("finish_reason").asString()).isEqualTo("tool_calls");
    }

    @Test
    void anotherModelIsTurnedAwayAndRecorded() throws Exception {
        standIn.requireModel("qwen");

        var response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(400);
        var body = JSON.readTree(response.body());
        assertSameKeys(body, shape("openai-error.json"));
        assertThat(body.get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(standIn.violations()).containsExactly("request 1: model 'm' asked for, only 'qwen' served");
    }

    @Test
    void aForbiddenStringInThePromptIsTurnedAwayWithoutRepeatingIt() throws Exception {
        standIn.forbid("hunter2", "line\nbreak");
        standIn.script(Script.answer("kept for the next good request"));

        var escaped = post("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a line\\nbreak\"}]}");
        var plain = post("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"pw hunter2\"}]}");

        assertThat(escaped.statusCode()).isEqualTo(400);
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("hunter2");
        assertThat(standIn.violations()).containsExactly("request 1: the body holds forbidden string #2",
                "request 2: the body holds forbidden string #1");
        assertThat(content(post(HELLO))).isEqualTo("kept for the next good request");
    }

    @Test
    void aRequestWithoutAKeyIs401() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(standIn.violations()).containsExactly("request 1: no API key in the authorization header");
        assertThat(standIn.requests().get(0).keyPresent()).isFalse();
    }

    @Test
    void anotherPathIs404() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertSameKeys(JSON.readTree(response.body()), shape("openai-error.json"));
    }

    @Test
    void requestsAreRecordedWithoutTheKeysValue() throws Exception {
        post("{\"model\":\"m\",\"messages\":[],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"rca\","
                + "\"schema\":{\"type\":\"object\",\"required\":[\"category\"]}}}}");

        var request = standIn.requests().get(0);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.keyPresent()).isTrue();
        assertThat(request.headers()).doesNotContainKey("authorization");
        assertThat(request.headers().values().stream().flatMap(List::stream)).noneMatch(value -> value.contains("test-key"));
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.model()).contains("m");
        assertThat(request.structured()).isTrue();
        assertThat(request.jsonSchema().orElseThrow()).isEqualTo(JSON.readTree("{\"type\":\"object\",\"required\":[\"category\"]}"));
        assertThat(standIn.violations()).isEmpty();
    }

    @Test
    void langchain4jTalksToTheStandIn() throws Exception {
        var model = OpenAiChatModel.builder().baseUrl(standIn.baseUrl().toString()).apiKey("test-key").modelName("m")
                .maxRetries(0).build();
        var schema = JsonSchema.builder().name("rca").rootElement(JsonObjectSchema.builder()
                .addStringProperty("category").required("category").build()).build();
        standIn.requireModel("m");
        standIn.forbid("test-key");

        var plain = model.chat(ChatRequest.builder().messages(UserMessage.from("hello")).build());
        var structured = model.chat(ChatRequest.builder().messages(UserMessage.from("hello"))
                .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build()).build());
        standIn.script(Script.serverError());

        assertThat(plain.aiMessage().text()).isEqualTo(ANSWER);
        assertThat(plain.tokenUsage().outputTokenCount()).isEqualTo(10);
        assertThat(plain.tokenUsage().inputTokenCount()).isPositive();
        assertThat(structured.aiMessage().text()).isEqualTo(ANSWER);
        assertThatThrownBy(() -> model.chat("hello")).hasMessageContaining("server_error");
        var requests = standIn.requests();
        assertThat(requests.get(0).structured()).isFalse();
        assertThat(requests.get(1).jsonSchema().orElseThrow()).isEqualTo(JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"category\":{\"type\":\"string\"}},\"required\":[\"category\"]}"));
        assertThat(requests).allMatch(RecordedRequest::keyPresent);
        assertThat(standIn.violations()).isEmpty();

        var streaming = OpenAiStreamingChatModel.builder().baseUrl(standIn.baseUrl().toString()).apiKey("test-key")
                .modelName("m").build();
        var streamed = new CompletableFuture<ChatResponse>();
        streaming.chat("hello", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {}

            @Override
            public void onCompleteResponse(ChatResponse response) {
                streamed.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                streamed.completeExceptionally(error);
            }
        });
        var response = streamed.get(10, TimeUnit.SECONDS);
        assertThat(response.aiMessage().text()).isEqualTo(ANSWER);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(10);
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer test-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String content(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("choices").get(0).get("message").get("content").asString();
    }

    /** The data of each server-sent event. */
    private static List<String> data(String stream) {
        var data = new ArrayList<String>();
        for (var event : stream.split("\n\n")) {
            assertThat(event).startsWith("data: ");
            data.add(event.substring("data: ".length()));
        }
        return data;
    }

    private static List<JsonNode> chunks(List<String> data) {
        return data.stream().filter(datum -> !datum.equals("[DONE]")).map(JSON::readTree).toList();
    }

    /** The same keys as the example, down through its objects and its arrays' first items. */
    private static void assertSameKeys(JsonNode actual, JsonNode example) {
        if (example.isObject()) {
            assertThat(keys(actual)).as("keys of %s", actual).isEqualTo(keys(example));
            for (var key : keys(example)) {
                assertSameKeys(actual.get(key), example.get(key));
            }
        } else if (example.isArray() && !example.isEmpty() && !actual.isEmpty()) {
            assertSameKeys(actual.get(0), example.get(0));
        }
    }

    private static HashSet<String> keys(JsonNode node) {
        return new HashSet<>(node.propertyNames());
    }

    private static JsonNode shape(String file) throws IOException {
        try (InputStream in = OpenAiStandInTest.class.getResourceAsStream("/standins/llm/shapes/" + file)) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
