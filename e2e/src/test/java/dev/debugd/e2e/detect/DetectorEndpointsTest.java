package dev.debugd.e2e.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.Processes;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `bin/debugd detect` answers the probes a Deployment gives it (helm/debugd): GET /healthz is 200 while its passes read
 * and write what they need, 503 while ClickHouse is away; GET /metrics answers.
 */
class DetectorEndpointsTest {

    private static final Pattern HEALTH = Pattern.compile("GET (http://127\\.0\\.0\\.1:\\d+)/healthz");

    @Test
    void healthzSaysWhetherTheLastPassWorked() throws Exception {
        var stack = LocalStack.requireKafka();
        LocalStack.requirePostgres();
        LocalStack.requireClickHouse();
        var clickhouseDatabase = LocalStack.uniqueName("detect_endpoints").replace('-', '_');
        new ClickHouseHttp(stack.clickhouse(), "default").execute("CREATE DATABASE " + clickhouseDatabase);
        try (var topics = new TestTopics(stack.kafka(), 1); var database = new TestDatabase()) {
            new EvidenceSchema(new ClickHouseHttp(stack.clickhouse(), clickhouseDatabase)).migrate();
            var env = new HashMap<>(Map.of("DEBUGD_TOPIC_PREFIX", topics.topics.prefix(), "PGDATABASE", database.postgres.database(),
                    "DEBUGD_CLICKHOUSE_DATABASE", clickhouseDatabase));
            assertThat(healthOnceItIs(env, "200 {\"detector\":\"ok\"}")).isEqualTo("200 {\"detector\":\"ok\"}");

            int closed;
            try (var socket = new ServerSocket(0)) {
                closed = socket.getLocalPort(); // nothing listens there once the socket is closed
            }
            env.put("CLICKHOUSE_URL", "http://127.0.0.1:" + closed);
            assertThat(healthOnceItIs(env, "503 {\"detector\":\"unavailable\"}")).isEqualTo("503 {\"detector\":\"unavailable\"}");
        } finally {
            new ClickHouseHttp(stack.clickhouse(), "default").execute("DROP DATABASE IF EXISTS " + clickhouseDatabase);
        }
    }

    /**
     * Starts the detector, waits for its passes to begin, and answers GET /healthz as "status body" once it is the one
     * expected (a pass a second; the first failure shows at once); not within 30 s fails the test.
     */
    private static String healthOnceItIs(Map<String, String> env, String expected) throws Exception {
        Path log = Files.createTempFile("detect", ".log");
        var detector = Processes.start(List.of("bin/debugd", "detect", "--metrics-port", "0", "--every", "1s"), env, log);
        try {
            var base = await().atMost(Duration.ofSeconds(90)).until(() -> HEALTH.matcher(Files.readString(log)), matcher -> matcher.find());
            var http = HttpClient.newHttpClient();
            var metrics = http.send(HttpRequest.newBuilder(URI.create(base.group(1) + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as(Files.readString(log)).isEqualTo(200);
            var last = new AtomicReference<String>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                var health = http.send(HttpRequest.newBuilder(URI.create(base.group(1) + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                last.set(health.statusCode() + " " + health.body());
                return last.get().equals(expected);
            });
            return last.get();
        } finally {
            Processes.stop(detector);
            Files.deleteIfExists(log);
        }
    }
}
