package dev.debugd.standins.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
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

/** The Anthropic stand-in over real HTTP: every script's status, headers and body shape, checks, recording, and langchain4j. */
class AnthropicStandInTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ANSWER = "{\"category\":\"code_defect\",\"confidence\":0.8}";
    static final String CUT = "{\"category\": \"code_defect\", \"confiden";
    /** 77 characters: 19 input tokens. */
    static final String HELLO = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    static final String STREAM_HELLO = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[],\"stream\":true}";
    static final List<String> STREAM_EVENTS = List.of("message_start", "content_block_start", "ping", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop");

    record Event(String name, JsonNode data) {}

    final HttpClient http = HttpClient.newHttpClient();
    AnthropicStandIn standIn;

    @BeforeEach
    void start() throws IOException {
        standIn = AnthropicStandIn.start(0, Script.answer(ANSWER));
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void theBaseUrlIsTheV1RootWithItsSlashAsLangchain4jExpects() {
        assertThat(standIn.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1/");
    }

    @Test
    void anAnswerIsAMessageWithEveryKeyOfAnthropicsExample() throws Exception {
        var response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        var body = JSON.readTree(response.body());
        assertSameKeys(body, shape("anthropic-message.end-turn.json"));
        assertThat(body.get("type").asString()).isEqualTo("message");
        assertThat(body.get("role").asString()).isEqualTo("assistant");
        assertThat(body.get("id").asString()).startsWith("msg_");
        assertThat(body.get("model").asString()).isEqualTo("m");
        assertThat(body.get("content")).hasSize(1);
        assertThat(body.get("content").get(0).get("type").asString()).isEqualTo("text");
        assertThat(text(body)).isEqualTo(ANSWER);
        assertThat(body.get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo(19);
        assertThat(body.get("usage").get("output_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void scriptsAnswerInOrderThenTheDefault() throws Exception {
        standIn.script(Script.answer("first"), Script.schemaViolating(), Script.malformedJson(), Script.truncated(),
                Script.refusal("I can't help with that."));

        assertThat(text(JSON.readTree(post(HELLO).body()))).isEqualTo("first");
        assertThat(text(JSON.readTree(post(HELLO).body()))).isEqualTo("{\"unexpected\": true}");
        var malformed = JSON.readTree(post(HELLO).body());
        var truncated = JSON.readTree(post(HELLO).body());
        var refusal = JSON.readTree(post(HELLO).body());
        var byDefault = JSON.readTree(post(HELLO).body());

        assertThat(text(malformed)).isEqualTo(CUT);
        assertThat(malformed.get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(text(truncated)).isEqualTo(CUT);
        assertThat(truncated.get("stop_reason").asString()).isEqualTo("max_tokens");
        assertThat(text(refusal)).isEqualTo("I can't help with that.");
        assertThat(refusal.get("stop_reason").asString()).isEqualTo("refusal");
        assertThat(text(byDefault)).isEqualTo(ANSWER);
    }

    @Test
    void aToolUseIsAToolUseBlockWithEveryKeyOfAnthropicsExample() throws Exception {
        standIn.script(Script.toolUse("read_file", "{\"path\":\"Coupons.java\"}"));

        var body = JSON.readTree(post(HELLO).body());

        var example = shape("anthropic-message.tool-use.json");
        assertThat(keys(body)).isEqualTo(keys(example));
        var block = body.get("content").get(0);
        assertThat(keys(block)).isEqualTo(keys(example.get("content").get(1))); // the input is the script's
        assertThat(block.get("type").asString()).isEqualTo("tool_use");
        assertThat(block.get("id").asString()).startsWith("toolu_");
        assertThat(block.get("name").asString()).isEqualTo("read_file");
        assertThat(block.get("input")).isEqualTo(JSON.readTree("{\"path\":\"Coupons.java\"}"));
        assertThat(body.get("stop_reason").asString()).isEqualTo("tool_use");
    }

    @Test
    void rateLimitedIs429WithRetryAfter() throws Exception {
        standIn.script(Script.rateLimited(7));

        var response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        var body = JSON.readTree(response.body());
        assertSameKeys(body, shape("anthropic-error.json"));
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo("rate_limit_error");
        assertThat(body.get("request_id").asString()).isEqualTo(response.headers().firstValue("request-id").orElseThrow());
    }

    @Test
    void aServerErrorIs500ApiErrorAndOverloadedIs529() throws Exception {
        standIn.script(Script.serverError(), Script.overloaded());

        var serverError = post(HELLO);
        var overloaded = post(HELLO);

        assertThat(serverError.statusCode()).isEqualTo(500);
        assertSameKeys(JSON.readTree(serverError.body()), shape("anthropic-error.json"));
        assertThat(JSON.readTree(serverError.body()).get("error").get("type").asString()).isEqualTo("api_error");
        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(JSON.readTree(overloaded.body()).get("error").get("type").asString()).isEqualTo("overloaded_error");
        assertThat(JSON.readTree(overloaded.body()).get("error").get("message").asString()).isEqualTo("Overloaded");
    }

    @Test
    void aSlowAnswerComesAfterItsDelay() throws Exception {
        standIn.script(Script.slow(Duration.ofMillis(300), "late"));

        long started = System.nanoTime();
        var response = post(HELLO);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(text(JSON.readTree(response.body()))).isEqualTo("late");
    }

    @Test
    void aStreamedAnswerHasTheEventsOfAnthropicsExample() throws Exception {
        var response = post(STREAM_HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
        var events = events(response.body());
        var example = events(shapeText("anthropic-messages-stream.basic.sse"));
        assertThat(events.stream().map(Event::name).distinct()).containsExactlyElementsOf(STREAM_EVENTS);
        for (var event : events) {
            var like = example.stream().filter(candidate -> candidate.name().equals(event.name())).findFirst().orElseThrow();
            assertSameKeys(event.data(), like.data());
            assertThat(event.data().get("type").asString()).isEqualTo(event.name());
        }
        assertThat(deltas(events, "text")).isEqualTo(ANSWER);
        var start = events.get(0).data().get("message");
        assertThat(start.get("model").asString()).isEqualTo("m");
        assertThat(start.get("usage").get("input_tokens").asInt()).isEqualTo(14); // 58 characters
        var messageDelta = events.get(events.size() - 2).data();
        assertThat(messageDelta.get("delta").get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(messageDelta.get("usage").get("output_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void aTruncatedStreamStopsMidContentWithoutItsLastEvents() throws Exception {
        standIn.script(Script.truncated());

        var response = post(STREAM_HELLO);

        assertThat(response.headers().firstValue("connection")).contains("close");
        var events = events(response.body());
        assertThat(events.stream().map(Event::name).distinct())
                .containsExactly("message_start", "content_block_start", "ping", "content_block_delta");
        assertThat(deltas(events, "text")).isEqualTo(CUT);
    }

    @Test
    void aStreamedRefusalAndToolUseEndWithTheirStopReasons() throws Exception {
        standIn.script(Script.refusal("No."), Script.toolUse("read_file", "{\"path\":\"Coupons.java\"}"));

        var refusal = events(post(STREAM_HELLO).body());
        var toolUse = events(post(STREAM_HELLO).body());

        assertThat(deltas(refusal, "text")).isEqualTo("No.");
        assertThat(refusal.get(refusal.size() - 2).data().get("delta").get("stop_reason").asString()).isEqualTo("refusal");
        var block = toolUse.get(1).data().get("content_block");
        assertThat(block.get("type").asString()).isEqualTo("tool_use");
        assertThat(block.get("name").asString()).isEqualTo("read_file");
        assertThat(deltas(toolUse, "partial_json")).isEqualTo("{\"path\":\"Coupons.java\"}");
        assertThat(toolUse.get(toolUse.size() - 2).data().get("delta").get("stop_reason").asString()).isEqualTo("tool_use");
    }

    @Test
    void anotherModelOrAForbiddenStringIsTurnedAwayAndRecorded() throws Exception {
        standIn.requireModel("claude");
        standIn.forbid("hunter2");

        var wrongModel = post(HELLO);
        var secret = post("{\"model\":\"claude\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"pw hunter2\"}]}");

        assertThat(wrongModel.statusCode()).isEqualTo(400);
        assertSameKeys(JSON.readTree(wrongModel.body()), shape("anthropic-error.json"));
        assertThat(JSON.readTree(wrongModel.body()).get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(secret.statusCode()).isEqualTo(400);
        assertThat(secret.body()).doesNotContain("hunter2");
        assertThat(standIn.violations()).containsExactly("request 1: model 'm' asked for, only 'claude' served",
                "request 2: the body holds forbidden string #1");
    }

    @Test
    void aRequestWithoutTheKeyOrTheVersionIsTurnedAway() throws Exception {
        var noKey = http.send(HttpRequest.newBuilder(messages()).header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());
        var noVersion = http.send(HttpRequest.newBuilder(messages()).header("x-api-key", "test-key")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noKey.body()).get("error").get("type").asString()).isEqualTo("authentication_error");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(standIn.violations()).containsExactly("request 1: no API key in the x-api-key header",
                "request 2: anthropic-version: header is required");
    }

    @Test
    void requestsAreRecordedWithoutTheKeysValue() throws Exception {
        post("{\"model\":\"m\",\"max_tokens\":100,\"messages\":[],\"output_config\":{\"format\":{\"type\":\"json_schema\","
                + "\"schema\":{\"type\":\"object\",\"required\":[\"category\"]}}}}");
        post("{\"model\":\"m\",\"max_tokens\":100,\"messages\":[],\"tool_choice\":{\"type\":\"tool\",\"name\":\"rca\"},"
                + "\"tools\":[{\"name\":\"rca\",\"input_schema\":{\"type\":\"object\"}}]}");
        post(HELLO);

        var requests = standIn.requests();

        var request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.keyPresent()).isTrue();
        assertThat(request.headers()).doesNotContainKey("x-api-key");
        assertThat(request.headers().values().stream().flatMap(List::stream)).noneMatch(value -> value.contains("test-key"));
        assertThat(request.header("anthropic-version")).contains("2023-06-01");
        assertThat(request.jsonSchema().orElseThrow()).isEqualTo(JSON.readTree("{\"type\":\"object\",\"required\":[\"category\"]}"));
        assertThat(requests.get(1).jsonSchema().orElseThrow()).isEqualTo(JSON.readTree("{\"type\":\"object\"}"));
        assertThat(requests.get(2).structured()).isFalse();
        assertThat(standIn.violations()).isEmpty();
    }

    @Test
    void langchain4jTalksToTheStandIn() throws Exception {
        var model = AnthropicChatModel.builder().baseUrl(standIn.baseUrl().toString()).apiKey("test-key").modelName("m")
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
        assertThatThrownBy(() -> model.chat("hello")).hasMessageContaining("api_error");
        var requests = standIn.requests();
        assertThat(requests.get(0).structured()).isFalse();
        assertThat(requests.get(0).header("anthropic-version")).contains("2023-06-01");
        assertThat(requests.get(1).jsonSchema().orElseThrow()).isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":"
                + "{\"category\":{\"type\":\"string\"}},\"required\":[\"category\"],\"additionalProperties\":false}"));
        assertThat(requests).allMatch(RecordedRequest::keyPresent);
        assertThat(standIn.violations()).isEmpty();

        var streaming = AnthropicStreamingChatModel.builder().baseUrl(standIn.baseUrl().toString()).apiKey("test-key")
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

    private URI messages() {
        return URI.create(standIn.baseUrl() + "messages");
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(messages())
                .header("x-api-key", "test-key")
                .header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String text(JsonNode message) {
        return message.get("content").get(0).get("text").asString();
    }

    private static List<Event> events(String stream) {
        var events = new ArrayList<Event>();
        for (var block : stream.split("\n\n")) {
            var lines = block.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            events.add(new Event(lines[0].substring("event: ".length()), JSON.readTree(lines[1].substring("data: ".length()))));
        }
        return events;
    }

    /** The streamed deltas' {@code text} or {@code partial_json}, joined. */
    private static String deltas(List<Event> events, String field) {
        return events.stream().filter(event -> event.name().equals("content_block_delta"))
                .map(event -> event.data().get("delta").path(field).asString("")).reduce("", String::concat);
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
        return JSON.readTree(shapeText(file));
    }

    private static String shapeText(String file) throws IOException {
        try (InputStream in = AnthropicStandInTest.class.getResourceAsStream("/standins/llm/shapes/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
