package dev.debugd.e2e.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A stand-in for Sentry's REST API, as much of it as the context builder reads: {@code GET
 * /api/0/issues/{issue}/events/latest/} with a bearer token, answering an issue's latest event in the shape the
 * fixtures give it (the docs' webhook events), Sentry's 401 for a wrong token and 404 for an unknown issue, with
 * Sentry's {@code {"detail": …}} bodies. Every request's path and whether its token was right are kept.
 */
final class SentryApiStandIn implements AutoCloseable {

    private static final Pattern LATEST = Pattern.compile("^/api/0/issues/([^/]+)/events/latest/$");

    record Request(String path, boolean tokenRight) {}

    private final HttpServer server;
    private final String token;
    private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    SentryApiStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves {@code event} as the issue's latest event. */
    void latestEvent(String issueId, byte[] event) {
        latest.put(issueId, event);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            boolean tokenRight = ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(new Request(path, tokenRight));
            var matcher = LATEST.matcher(path);
            if (!exchange.getRequestMethod().equals("GET") || !matcher.matches()) {
                answer(exchange, 404, "{\"detail\": \"The requested resource does not exist\"}".getBytes(StandardCharsets.UTF_8));
            } else if (!tokenRight) {
                answer(exchange, 401, "{\"detail\": \"Invalid token\"}".getBytes(StandardCharsets.UTF_8));
            } else if (!latest.containsKey(matcher.group(1))) {
                answer(exchange, 404, "{\"detail\": \"The requested resource does not exist\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                answer(exchange, 200, latest.get(matcher.group(1)));
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
