package dev.debugd.standins.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * What the two LLM stand-ins share: a local HTTP server on the loopback interface that answers one provider's chat
 * endpoint from a queue of {@link Script}s, keeps every request, and turns away (400, recorded as a violation) a request
 * for another model than the one required or whose body holds a forbidden string. Stand-ins, not the providers: they
 * speak the providers' wire protocols so that the real clients can be tested with no provider reachable.
 */
public abstract sealed class LlmStandIn implements AutoCloseable permits OpenAiStandIn, AnthropicStandIn {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Characters per streamed delta. */
    private static final int PIECE = 12;

    /** The errors both providers have, each stand-in giving its own status, type and body. */
    enum Failure { INVALID_REQUEST, UNAUTHENTICATED, NOT_FOUND, METHOD_NOT_ALLOWED, RATE_LIMITED, SERVER_ERROR, OVERLOADED }

    /** What a content-bearing script answers, whichever provider says it. */
    record Completion(Kind kind, String text, Optional<String> toolName) {
        enum Kind { ANSWER, TRUNCATED, REFUSAL, TOOL_USE }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Script whenQueueEmpty;
    private final Queue<Script> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Optional<String> requiredModel = Optional.empty();
    private final List<String> forbidden = new CopyOnWriteArrayList<>();

    LlmStandIn(int port, Script whenQueueEmpty) throws IOException {
        this.whenQueueEmpty = whenQueueEmpty;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        // A slow answer must not hold up the others.
        this.handlers = Executors.newCachedThreadPool(task -> {
            var thread = new Thread(task, "llm-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::serve);
    }

    /** Starts serving; the subclasses' factories call it once the stand-in is fully built. */
    final void listen() {
        server.start();
    }

    /** The base URL as a provider profile's {@code baseUrl} names it. */
    public abstract URI baseUrl();

    /** Queues what the next requests get, in order, ahead of the default. */
    public void script(Script... next) {
        queue.addAll(List.of(next));
    }

    /** Turns away a request for any other model. */
    public void requireModel(String model) {
        requiredModel = Optional.of(model);
    }

    /** Turns away a request whose body holds any of these (secrets that must never reach a provider). */
    public void forbid(String... secrets) {
        forbidden.addAll(List.of(secrets));
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Why requests were turned away (wrong model, forbidden string, missing key or header); empty on a good run. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    /** {@code http://127.0.0.1:<port>}. */
    final String origin() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The chat endpoint's path. */
    abstract String path();

    /** The header that carries the API key. */
    abstract String keyHeader();

    /** Whether the key header's value is a key, e.g. OpenAI's {@code Bearer …}. */
    abstract boolean isKey(String value);

    /** The JSON schema the request asks the answer to follow, if any. */
    abstract Optional<JsonNode> schemaOf(JsonNode body);

    /** A missing protocol header, such as Anthropic's {@code anthropic-version}. */
    abstract Optional<String> missingHeader(RecordedRequest request);

    /** Sends the provider's error body for the failure. */
    abstract void fail(HttpExchange exchange, Failure failure, String message) throws IOException;

    /** Sends a completion, streamed or not as the request asked. */
    abstract void complete(HttpExchange exchange, Completion completion, RecordedRequest request) throws IOException;

    final int nextId() {
        return ids.incrementAndGet();
    }

    /** The stand-in's token count: one token per four characters. */
    static int tokens(int characters) {
        return characters / 4;
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            if (!path.equals(path())) {
                fail(exchange, Failure.NOT_FOUND, "Invalid URL (" + exchange.getRequestMethod() + " " + path + ")");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                fail(exchange, Failure.METHOD_NOT_ALLOWED, "Method " + exchange.getRequestMethod() + " not allowed");
                return;
            }
            var text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var request = record(exchange, text);
            var violation = violation(request, text);
            if (violation.isPresent()) {
                violations.add("request " + requests.size() + ": " + violation.get().message());
                fail(exchange, violation.get().failure(), violation.get().message());
                return;
            }
            answer(exchange, Optional.ofNullable(queue.poll()).orElse(whenQueueEmpty), request);
        } catch (IOException e) {
            // The client went away mid-answer: nothing left to tell it.
        } catch (RuntimeException e) {
            // A script no provider could send (a tool input that is not JSON): a violation, and a 500 if still possible.
            violations.add("stand-in failed: " + e.getMessage());
            if (exchange.getResponseCode() == -1) {
                try {
                    fail(exchange, Failure.SERVER_ERROR, "stand-in failed");
                } catch (IOException gone) {
                    // nothing left to tell the client
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RecordedRequest record(HttpExchange exchange, String text) {
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (JacksonException e) {
            body = StringNode.valueOf(text);
        }
        var headers = new LinkedHashMap<String, List<String>>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        var key = Optional.ofNullable(headers.remove(keyHeader())).flatMap(values -> values.stream().findFirst());
        var request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Collections.unmodifiableMap(headers), key.filter(this::isKey).isPresent(), body,
                body.isObject() ? schemaOf(body) : Optional.empty());
        requests.add(request);
        return request;
    }

    private record Violation(Failure failure, String message) {}

    private Optional<Violation> violation(RecordedRequest request, String text) {
        if (!request.keyPresent()) {
            return Optional.of(new Violation(Failure.UNAUTHENTICATED, "no API key in the " + keyHeader() + " header"));
        }
        var missing = missingHeader(request);
        if (missing.isPresent()) {
            return Optional.of(new Violation(Failure.INVALID_REQUEST, missing.get() + ": header is required"));
        }
        if (!request.body().isObject()) {
            return Optional.of(new Violation(Failure.INVALID_REQUEST, "the body is not a JSON object"));
        }
        var model = request.model().orElse("");
        if (requiredModel.isPresent() && !requiredModel.get().equals(model)) {
            return Optional.of(new Violation(Failure.INVALID_REQUEST,
                    "model '" + model + "' asked for, only '" + requiredModel.get() + "' served"));
        }
        var strings = new ArrayList<String>();
        strings.add(text);
        collectStrings(request.body(), strings);
        for (int i = 0; i < forbidden.size(); i++) {
            var secret = forbidden.get(i);
            if (strings.stream().anyMatch(string -> string.contains(secret))) {
                // The message names the string by its place only: a secret must not reach a test report either.
                return Optional.of(new Violation(Failure.INVALID_REQUEST, "the body holds forbidden string #" + (i + 1)));
            }
        }
        return Optional.empty();
    }

    /** The body's string values, unescaped: a secret holding a quote or a line break shows there, not in the raw text. */
    private static void collectStrings(JsonNode node, List<String> strings) {
        if (node.isString()) {
            strings.add(node.asString());
        }
        for (var child : node) {
            collectStrings(child, strings);
        }
    }

    private void answer(HttpExchange exchange, Script script, RecordedRequest request)
            throws IOException, InterruptedException {
        if (script instanceof Script.Answer answer) {
            complete(exchange, new Completion(Completion.Kind.ANSWER, answer.content(), Optional.empty()), request);
        } else if (script instanceof Script.MalformedJson malformed) {
            complete(exchange, new Completion(Completion.Kind.ANSWER, malformed.content(), Optional.empty()), request);
        } else if (script instanceof Script.Truncated truncated) {
            complete(exchange, new Completion(Completion.Kind.TRUNCATED, truncated.content(), Optional.empty()), request);
        } else if (script instanceof Script.Refusal refusal) {
            complete(exchange, new Completion(Completion.Kind.REFUSAL, refusal.text(), Optional.empty()), request);
        } else if (script instanceof Script.ToolUse toolUse) {
            complete(exchange, new Completion(Completion.Kind.TOOL_USE, toolUse.inputJson(), Optional.of(toolUse.name())),
                    request);
        } else if (script instanceof Script.RateLimited rateLimited) {
            exchange.getResponseHeaders().set("retry-after", Integer.toString(rateLimited.retryAfterSeconds()));
            fail(exchange, Failure.RATE_LIMITED, "Rate limit reached. Please try again in "
                    + rateLimited.retryAfterSeconds() + "s.");
        } else if (script instanceof Script.ServerError) {
            fail(exchange, Failure.SERVER_ERROR, "Internal server error");
        } else if (script instanceof Script.Overloaded) {
            fail(exchange, Failure.OVERLOADED, "Overloaded");
        } else if (script instanceof Script.Slow slow) {
            Thread.sleep(slow.delay().toMillis());
            complete(exchange, new Completion(Completion.Kind.ANSWER, slow.content(), Optional.empty()), request);
        }
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        var bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * Starts a server-sent event stream. A stream that will be cut short asks for the connection to close after it, so
     * the client sees the end of the connection rather than a finished stream.
     */
    static OutputStream openStream(HttpExchange exchange, boolean cutShort) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (cutShort) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes one event; {@code event} may be null for a data-only event (OpenAI's). */
    static void sendEvent(OutputStream stream, String event, String data) throws IOException {
        var text = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
        stream.write(text.getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    /** The text in streaming deltas, never splitting a surrogate pair. */
    static List<String> pieces(String text) {
        var pieces = new ArrayList<String>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + PIECE, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }

    /** One of the provider's example responses ({@code standins/llm/shapes/}). */
    static String shape(String file) {
        try (InputStream in = LlmStandIn.class.getResourceAsStream("/standins/llm/shapes/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing response shape " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
