package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.access.Scope;
import dev.debugd.config.Endpoints;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.signature.ErrorSignature;
import dev.debugd.signature.GroupingSettings;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON ingest endpoints on the real ClickHouse and Postgres. Each test uses a batch id of its own. */
class IngestEndpointTest extends WithIngestServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A batch for a tenant's service: two error lines of one template, an info line, an exception, two requests. */
    private static String batch(String batchId, String service) {
        return """
                {"batch_id": "%s",
                 "logs": [
                   {"timestamp": "2026-05-01T09:59:51Z", "service": "%s", "level": "ERROR", "message": "order 1041 failed: card 0x3fa9c declined", "deploy_hash": "d1"},
                   {"timestamp": "2026-05-01T09:59:52Z", "service": "%s", "level": "error", "message": "order 77 failed: card 0x12bd4 declined", "deploy_hash": "d1"},
                   {"timestamp": "2026-05-01T11:59:53+02:00", "service": "%s", "level": "INFO", "message": "served", "host": "a shipper's own field"}],
                 "exceptions": [
                   {"timestamp": 1777629594, "service": "%s", "deploy_hash": "d1", "stacktrace": "java.lang.IllegalStateException: pool exhausted\\n\\tat shop.db.Pool.take(Pool.java:88)\\n\\tat java.base/java.lang.Thread.run(Thread.java:1583)\\nCaused by: java.net.SocketTimeoutException: connect timed out\\n\\t... 2 more"}],
                 "requests": [
                   {"timestamp": "2026-05-01T09:59:55Z", "service": "%s", "route": "/pay", "status": 200, "duration_ms": 12.5},
                   {"timestamp": "2026-05-01T09:59:56Z", "service": "%s", "route": "/pay", "status": 503, "duration_ms": 900}]}
                """.formatted(batchId, service, service, service, service, service, service);
    }

    @Test
    void storesABatchWithSignaturesAndARetryChangesNoViewCount() throws Exception {
        var first = server.post("/v1/ingest", batch("retried-1", "checkout"), "Authorization", server.bearer());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        var answer = JSON.readTree(first.body());
        assertThat(answer.get("duplicate").asBoolean()).isFalse();
        assertThat(answer.get("stored").toString()).isEqualTo("{\"logs\":3,\"exceptions\":1,\"requests\":2,\"late\":0}");

        var where = " WHERE tenant_id = 'acme' AND service = 'checkout'";
        assertThat(server.count("SELECT count() AS n FROM log_lines" + where)).isEqualTo(3);
        // The two error lines share a signature (their numbers and hex ids differ); the info line has none.
        assertThat(server.count("SELECT uniqExact(error_signature) AS n FROM log_lines" + where + " AND error_signature != ''"))
                .isEqualTo(1);
        assertThat(server.count("SELECT count() AS n FROM log_lines" + where + " AND error_signature = ''")).isEqualTo(1);
        var exception = server.clickhouse.query("SELECT exception_type, frame_module, frame_in_app, cause_types, error_signature,"
                + " toUnixTimestamp(timestamp) AS t FROM exceptions" + where).get(0);
        assertThat(exception.get("exception_type").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(exception.get("frame_module").toString()).isEqualTo("[\"shop.db.Pool\",\"java.lang.Thread\"]");
        assertThat(exception.get("frame_in_app").toString()).isEqualTo("[1,0]");
        assertThat(exception.get("cause_types").toString()).isEqualTo("[\"java.net.SocketTimeoutException\"]");
        assertThat(exception.get("error_signature").asString()).hasSize(16);
        assertThat(exception.get("t").asLong()).isEqualTo(1777629594L);
        var figures = server.viewFigures("acme");
        assertThat(figures).contains("frequency=3", "requests=2", "errors=1");

        for (int retry = 0; retry < 3; retry++) {
            var again = server.post("/v1/ingest", batch("retried-1", "checkout"), "Authorization", server.bearer());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        }
        assertThat(server.viewFigures("acme")).isEqualTo(figures);
        assertThat(server.count("SELECT count() AS n FROM log_lines" + where)).isEqualTo(3);
    }

    @Test
    void refusesABadBatchWithAReasonPerRecordAndStoresNothingOfIt() throws Exception {
        var body = """
                {"batch_id": "bad-1",
                 "logs": [
                   {"timestamp": "2026-05-01T09:59:51Z", "service": "refused", "message": "fine"},
                   {"timestamp": "yesterday", "service": "refused", "message": "x"},
                   {"timestamp": 1777629594000, "service": "refused", "message": "x"},
                   {"timestamp": "2026-05-01T09:59:51Z", "message": "x"},
                   "not an object"],
                 "requests": [{"timestamp": "2026-05-01T09:59:51Z", "service": "refused", "status": 42}],
                 "exceptions": [{"timestamp": "2026-05-01T09:59:51Z", "service": "refused"}],
                 "metrics": []}
                """;
        var response = server.post("/v1/ingest", body, "Authorization", server.bearer());
        assertThat(response.statusCode()).isEqualTo(400);
        var reasons = JSON.readTree(response.body()).get("reasons").toString();
        assertThat(reasons).contains("metrics: unknown field", "logs[1].timestamp: 'yesterday' is not an ISO-8601 instant",
                "logs[2].timestamp: 1777629594000 looks like milliseconds", "logs[3].service: is missing",
                "logs[4]: must be a JSON object", "requests[0].status: must be an HTTP status",
                "exceptions[0].type: is missing");
        assertThat(reasons).doesNotContain("logs[0]");
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'refused'")).isZero();

        for (var broken : new String[] {"{\"logs\": [", "[]", "{}", "\u0000\u0001binary"}) {
            var refused = server.post("/v1/ingest", broken, "Authorization", server.bearer());
            assertThat(refused.statusCode()).as(broken).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).get("reasons").get(0).asString()).isNotBlank();
        }
        // The endpoint still takes good batches after all that.
        assertThat(server.post("/v1/ingest", batch("after-bad", "after-bad"), "Authorization", server.bearer()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void onlyAKnownUnrevokedTokenMayIngestAndATokenIsItsTenant() throws Exception {
        assertThat(server.post("/v1/ingest", batch("auth-1", "auth")).statusCode()).isEqualTo(401);
        assertThat(server.post("/v1/ingest", batch("auth-1", "auth"), "Authorization", "Bearer dbg_guessed").statusCode())
                .isEqualTo(401);
        var globex = server.tokens.create("globex", "ci", Set.of(Scope.INGEST), "test");
        assertThat(server.post("/v1/ingest", batch("auth-1", "auth"), "Authorization", "Bearer " + globex).statusCode())
                .isEqualTo(200);
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'auth' AND tenant_id = 'globex'")).isEqualTo(3);
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'auth' AND tenant_id = 'acme'")).isZero();
        assertThat(server.tokens.revoke("globex", "ci", "test")).isTrue();
        assertThat(server.post("/v1/ingest", batch("auth-2", "auth"), "Authorization", "Bearer " + globex).statusCode())
                .isEqualTo(401);
        // A person's token (read, act) sends no evidence.
        var reader = server.tokens.create("acme", "reader", Set.of(Scope.READ, Scope.ACT), "test");
        var forbidden = server.post("/v1/ingest", batch("auth-3", "auth"), "Authorization", "Bearer " + reader);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo("{\"error\":\"this token may not send evidence (its scopes: read, act)\"}");
        assertThat(server.post("/v1/logs", "{}", "Authorization", "Bearer " + reader, "Content-Type", "application/json")
                .statusCode()).isEqualTo(403);
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'auth'")).isEqualTo(3);
    }

    @Test
    void aBatchIdReusedForOtherContentIsAConflict() throws Exception {
        assertThat(server.post("/v1/ingest", batch("reused-1", "conflict-a"), "Authorization", server.bearer()).statusCode())
                .isEqualTo(200);
        var reused = server.post("/v1/ingest", batch("reused-1", "conflict-b"), "Authorization", server.bearer());
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.body()).contains("reused-1", "different content");
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'conflict-b'")).isZero();
    }

    @Test
    void rowsWhoseBucketHasClosedGoToLateArrivals() throws Exception {
        // Buckets of 10 s closed 20 s after their end; the clock says 10:00:00.
        var body = """
                {"batch_id": "late-1", "logs": [
                   {"timestamp": "2026-05-01T09:59:45Z", "service": "late", "level": "ERROR", "message": "on time"},
                   {"timestamp": "2026-05-01T09:59:39Z", "service": "late", "level": "ERROR", "message": "late"}]}
                """;
        var response = server.post("/v1/ingest", body, "Authorization", server.bearer());
        assertThat(response.body()).contains("\"logs\":1", "\"late\":1");
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'late'")).isEqualTo(1);
        var late = server.clickhouse.query("SELECT kind, toUnixTimestamp(timestamp) AS t, row FROM late_arrivals WHERE service = 'late'");
        assertThat(late).hasSize(1);
        assertThat(late.get(0).get("kind").asString()).isEqualTo("log_lines");
        assertThat(late.get(0).get("row").asString()).contains("\"message\":\"late\"", "\"error_signature\":\"");
    }

    @Test
    void concurrentRetriesOfOneBatchStoreItOnce() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> server.post("/v1/ingest", batch("concurrent-1", "concurrent"), "Authorization", server.bearer())
                        .statusCode());
            }
            for (var result : pool.invokeAll(calls)) {
                assertThat(result.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'concurrent'")).isEqualTo(3);
        assertThat(server.count("SELECT count() AS n FROM requests WHERE service = 'concurrent'")).isEqualTo(2);
    }

    @Test
    void aBatchCutOffByAnOutageIsFinishedByItsRetryWithoutTouchingClosedBuckets() throws Exception {
        // A server whose ClickHouse is down claims the batch, then fails: the client is told to retry.
        var dead = server.start(new ClickHouseHttp(new Endpoints.ClickHouse(URI.create("http://127.0.0.1:9"), "default", ""), server.clickhouseDatabase));
        var failed = server.post(URI.create("http://127.0.0.1:" + dead.port()), "/v1/ingest",
                HttpRequest.BodyPublishers.ofString(batch("outage-1", "outage")), "Authorization", server.bearer());
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).isPresent();
        // As if the crash came after one table's insert: its rows are in ClickHouse, the claim is not marked stored.
        server.clickhouse.insert("requests", List.of(
                "{\"tenant_id\":\"acme\",\"timestamp\":1777629595,\"service\":\"outage\",\"status\":200,\"batch_id\":\"outage-1\"}",
                "{\"tenant_id\":\"acme\",\"timestamp\":1777629596,\"service\":\"outage\",\"status\":503,\"batch_id\":\"outage-1\"}"));
        // The retry comes a minute later, when the batch's buckets have closed: the table that holds the batch is
        // left alone, and the other rows go to late_arrivals rather than into closed buckets.
        server.clock.set(server.clock.instant().plusSeconds(60));
        try {
            var retried = server.post("/v1/ingest", batch("outage-1", "outage"), "Authorization", server.bearer());
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(retried.body()).contains("\"late\":4");
            assertThat(server.count("SELECT count() AS n FROM requests WHERE service = 'outage'")).isEqualTo(2);
            assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'outage'")).isZero();
            assertThat(server.count("SELECT count() AS n FROM exceptions WHERE service = 'outage'")).isZero();
            assertThat(server.count("SELECT count() AS n FROM late_arrivals WHERE service = 'outage'")).isEqualTo(4);
            var again = server.post("/v1/ingest", batch("outage-1", "outage"), "Authorization", server.bearer());
            assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
            assertThat(server.count("SELECT count() AS n FROM late_arrivals WHERE service = 'outage'")).isEqualTo(4);
        } finally {
            server.clock.set(server.clock.instant().minusSeconds(60));
        }
    }

    @Test
    void aClaimCutOffWhileItsBucketsAreOpenIsFinishedOnTime() throws Exception {
        var dead = server.start(new ClickHouseHttp(new Endpoints.ClickHouse(URI.create("http://127.0.0.1:9"), "default", ""), server.clickhouseDatabase));
        var failed = server.post(URI.create("http://127.0.0.1:" + dead.port()), "/v1/ingest",
                HttpRequest.BodyPublishers.ofString(batch("outage-2", "outage-2")), "Authorization", server.bearer());
        assertThat(failed.statusCode()).isEqualTo(503);
        var retried = server.post("/v1/ingest", batch("outage-2", "outage-2"), "Authorization", server.bearer());
        assertThat(retried.body()).contains("\"logs\":3", "\"late\":0");
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'outage-2'")).isEqualTo(3);
        assertThat(server.count("SELECT count() AS n FROM requests WHERE service = 'outage-2'")).isEqualTo(2);
    }

    @Test
    void takesGzipAndJsonLinesAndRefusesWhatIsTooLarge() throws Exception {
        var lines = """
                {"timestamp": "2026-05-01T09:59:51Z", "service": "shipper", "level": "WARN", "message": "slow"}
                {"timestamp": "2026-05-01T09:59:52Z", "service": "shipper", "level": "ERROR", "message": "failed"}
                """;
        var gzipped = gzip(lines);
        var response = server.post(server.base, "/v1/ingest/logs", HttpRequest.BodyPublishers.ofByteArray(gzipped),
                "Authorization", server.bearer(), "Content-Encoding", "gzip");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"logs\":2");
        // No batch id: the same body again is recognised by its content.
        var again = server.post(server.base, "/v1/ingest/logs", HttpRequest.BodyPublishers.ofByteArray(gzipped),
                "Authorization", server.bearer(), "Content-Encoding", "gzip");
        assertThat(again.body()).contains("\"duplicate\":true");
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service = 'shipper'")).isEqualTo(2);
        var array = server.post("/v1/ingest/logs", "[" + lines.strip().replace("\n", ",") .replace("shipper", "shipper-array") + "]",
                "Authorization", server.bearer(), "X-Batch-Id", "array-1");
        assertThat(array.body()).contains("\"batch_id\":\"array-1\"", "\"logs\":2");

        var huge = new byte[33 << 20];
        var tooLarge = server.post(server.base, "/v1/ingest", HttpRequest.BodyPublishers.ofByteArray(huge),
                "Authorization", server.bearer());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }

    private static byte[] gzip(String text) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void takesBodiesShapedAsTheExampleShipperConfigsSendThem() throws Exception {
        // helm/examples/shippers/vector.yaml: newline-delimited JSON with Vector's own fields, gzip.
        var vector = """
                {"file":"/var/log/checkout/app.log","host":"node-1","message":"payment for order 17 declined","source_type":"file","timestamp":"2026-05-01T09:59:51.123456789Z","service":"vector-shipped","level":"ERROR","deploy_hash":"9f3c"}
                {"file":"/var/log/checkout/app.log","host":"node-1","message":"served /cart","source_type":"file","timestamp":"2026-05-01T09:59:52.5Z","service":"vector-shipped","level":"INFO","deploy_hash":"9f3c"}
                """;
        // helm/examples/shippers/fluent-bit.conf: json_lines, ISO-8601 dates under "timestamp", gzip.
        var fluentBit = """
                {"timestamp":"2026-05-01T09:59:53.000000Z","message":"payment for order 99 declined","service":"fluent-shipped","level":"ERROR"}
                {"timestamp":"2026-05-01T09:59:54.000000Z","message":"served /pay","service":"fluent-shipped","level":"INFO"}
                """;
        for (var body : List.of(vector, fluentBit)) {
            var response = server.post(server.base, "/v1/ingest/logs", HttpRequest.BodyPublishers.ofByteArray(gzip(body)),
                    "Authorization", server.bearer(), "Content-Type", "application/json", "Content-Encoding", "gzip");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"logs\":2");
        }
        assertThat(server.count("SELECT count() AS n FROM log_lines WHERE service IN ('vector-shipped', 'fluent-shipped')"
                + " AND error_signature != ''")).isEqualTo(2);
        assertThat(server.count("SELECT uniqExact(error_signature) AS n FROM log_lines WHERE service IN ('vector-shipped', 'fluent-shipped')"
                + " AND error_signature != ''")).as("the same template from both shippers").isEqualTo(1);
    }

    @Test
    void aTenantsGroupingSettingsAsRecordedSignItsExceptionsUnderTheirOwnVersion() throws Exception {
        // initech's Tenant fact, recorded an hour before its evidence: from then on shop.web. is its own code.
        var recordedAt = Instant.parse("2026-05-01T09:00:00Z");
        var manifest = Manifest.of(JSON.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Tenant\","
                + " \"metadata\": {\"name\": \"initech\"}, \"spec\": {\"grouping\": {\"inAppPrefixes\": [\"shop.web.\"]}}}"),
                "test");
        server.writer.writeAll(List.of(ConfigFacts.fact(manifest, 1, recordedAt)));
        var settings = new GroupingSettings(List.of("shop.web."));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.grouping.apply("initech", recordedAt).equals(settings));
        assertThat(server.grouping.apply("initech", recordedAt.minusSeconds(1))).as("before its first fact")
                .isEqualTo(GroupingSettings.DEFAULTS);
        assertThat(server.grouping.apply("acme", recordedAt)).isEqualTo(GroupingSettings.DEFAULTS);
        var initech = server.tokens.create("initech", "ci", Set.of(Scope.INGEST), "test");
        assertThat(server.post("/v1/ingest", batch("grouped-1", "grouped"), "Authorization", "Bearer " + initech).statusCode()).isEqualTo(200);
        assertThat(server.post("/v1/ingest", batch("grouped-1", "grouped"), "Authorization", server.bearer()).statusCode()).isEqualTo(200);
        var rows = server.clickhouse.query("SELECT tenant_id, signature_version, error_signature FROM exceptions WHERE service = 'grouped'"
                + " ORDER BY tenant_id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("signature_version").asInt()).isEqualTo(ErrorSignature.VERSION);
        assertThat(rows.get(1).get("signature_version").asInt()).isEqualTo(settings.version()).isNotEqualTo(ErrorSignature.VERSION);
        // shop.db.Pool is not initech's code, so its exception is told by its top frames, not by an in-app one.
        assertThat(rows.get(1).get("error_signature")).isNotEqualTo(rows.get(0).get("error_signature"));
    }

    @Test
    void aTokenStoreThatCannotBeAskedIsA503NotA401() throws Exception {
        var config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:9/nothing");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(1000);
        try (var deadPostgres = new com.zaxxer.hikari.HikariDataSource(config);
                var api = dev.debugd.api.ApiServer.start(0, server.clickhouse, deadPostgres, new dev.debugd.ingest.EvidenceStore(
                        server.clickhouse, deadPostgres, IngestServer.GRID, (tenant, moment) -> GroupingSettings.DEFAULTS,
                        server.clock),
                        server.writer::writeAll, server.clock)) {
            var base = URI.create("http://127.0.0.1:" + api.port());
            var batch = server.post(base, "/v1/ingest", HttpRequest.BodyPublishers.ofString(batch("no-tokens", "no-tokens")),
                    "Authorization", server.bearer());
            assertThat(batch.statusCode()).as("a shipper retries a 503, and drops a batch on a 401").isEqualTo(503);
            assertThat(batch.headers().firstValue("Retry-After")).isPresent();
            var otlp = server.post(base, "/v1/logs", HttpRequest.BodyPublishers.ofString("{}"), "Authorization", server.bearer(),
                    "Content-Type", "application/json");
            assertThat(otlp.statusCode()).isEqualTo(503);
            var incident = server.post(base, "/v1/incidents", HttpRequest.BodyPublishers.ofString("{}"), "Authorization", server.bearer());
            assertThat(incident.statusCode()).isEqualTo(503);
            var list = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/v1/incidents"))
                    .header("Authorization", server.personBearer()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(503);
            assertThat(list.body()).isEqualTo("{\"error\":\"the token store is unavailable; retry\"}");
            var health = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("{\"clickhouse\":\"ok\",\"postgres\":\"unavailable\"}");
        }
    }

    private static double metric(String text, String series) {
        return text.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void countsBatchesAndRowsForPrometheus() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var scrape = HttpRequest.newBuilder(server.base.resolve("/actuator/prometheus")).build();
        var before = http.send(scrape, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(server.post("/v1/ingest", batch("metrics-1", "metrics"), "Authorization", server.bearer()).statusCode()).isEqualTo(200);
        assertThat(server.post("/v1/ingest", batch("metrics-1", "metrics"), "Authorization", server.bearer()).statusCode()).isEqualTo(200);
        assertThat(server.post("/v1/ingest", "{}", "Authorization", server.bearer()).statusCode()).isEqualTo(400);
        var after = http.send(scrape, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
        var text = after.body();
        assertThat(metric(text, "debugd_ingest_batches_total{outcome=\"stored\"}") - metric(before, "debugd_ingest_batches_total{outcome=\"stored\"}"))
                .isEqualTo(1);
        assertThat(metric(text, "debugd_ingest_batches_total{outcome=\"duplicate\"}")
                - metric(before, "debugd_ingest_batches_total{outcome=\"duplicate\"}")).isEqualTo(1);
        assertThat(metric(text, "debugd_ingest_batches_total{outcome=\"refused\"}") - metric(before, "debugd_ingest_batches_total{outcome=\"refused\"}"))
                .isEqualTo(1);
        assertThat(metric(text, "debugd_ingest_rows_total{table=\"log_lines\"}") - metric(before, "debugd_ingest_rows_total{table=\"log_lines\"}"))
                .isEqualTo(3);
    }
}
