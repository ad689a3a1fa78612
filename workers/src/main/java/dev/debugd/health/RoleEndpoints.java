package dev.debugd.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /metrics} (Prometheus text) and {@code GET /healthz} for a role that serves no API of its own, on the JDK's
 * small HTTP server: a role without Spring needs no more.
 */
public final class RoleEndpoints implements AutoCloseable {

    private final HttpServer server;

    private RoleEndpoints(HttpServer server) {
        this.server = server;
    }

    /**
     * @param port    0 for any free one
     * @param healthy whether the role does its work now (503 otherwise, naming the role and nothing more)
     */
    public static RoleEndpoints start(String role, int port, PrometheusMeterRegistry metrics, BooleanSupplier healthy)
            throws IOException {
        return start(role, port, metrics, healthy, healthy);
    }

    /**
     * With a readiness apart from liveness, for Kubernetes probes: {@code GET /readyz} answers 503 until the role can
     * take work (an operator until its caches are filled), while {@code /healthz} says whether it is alive at all.
     */
    public static RoleEndpoints start(String role, int port, PrometheusMeterRegistry metrics, BooleanSupplier healthy,
            BooleanSupplier ready) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(task -> {
            var thread = new Thread(task, role + "-endpoints");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/metrics", exchange -> answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape()));
        server.createContext("/healthz", exchange -> {
            boolean ok = healthy.getAsBoolean();
            answer(exchange, ok ? 200 : 503, "application/json", "{\"" + role + "\":\"" + (ok ? "ok" : "unavailable") + "\"}");
        });
        server.createContext("/readyz", exchange -> {
            boolean ok = ready.getAsBoolean();
            answer(exchange, ok ? 200 : 503, "application/json", "{\"" + role + "\":\"" + (ok ? "ready" : "not ready") + "\"}");
        });
        server.start();
        return new RoleEndpoints(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("GET") ? 404 : 405, -1);
                return;
            }
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
