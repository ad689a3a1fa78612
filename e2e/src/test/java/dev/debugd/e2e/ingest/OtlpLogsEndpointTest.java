package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OTLP/HTTP logs endpoint, fed by the OpenTelemetry Java SDK's own OTLP exporter. */
class OtlpLogsEndpointTest extends WithIngestServer {


    private static String stackTrace(Throwable thrown) {
        var text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Thrown from a method of its own, so its top frame is the same wherever it is called from. */
    private static IllegalStateException poolExhausted(String detail) {
        return new IllegalStateException("pool exhausted: " + detail, new java.net.SocketTimeoutException("connect timed out"));
    }

    @Test
    void theSdksExporterDeliversLogsAndExceptionsThatBecomeEvidenceWithSignatures() throws Exception {
        var exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(server.base + "/v1/logs")
                .addHeader("Authorization", server.bearer())
                .build();
        var resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "payments", AttributeKey.stringKey("service.version"), "9f3c2a1")));
        try (var provider = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
            var logger = provider.get("shop.payments");
            var at = Instant.parse("2026-05-01T09:59:55Z");
            logger.logRecordBuilder().setTimestamp(at).setSeverity(Severity.INFO).setBody("charged order 17").emit();
            logger.logRecordBuilder().setTimestamp(at).setSeverity(Severity.ERROR).setBody("card 4242 declined for order 17").emit();
            logger.logRecordBuilder().setTimestamp(at).setSeverity(Severity.ERROR).setBody("card 1111 declined for order 99").emit();
            for (var detail : List.of("order 17", "order 18")) {
                var thrown = poolExhausted(detail);
                logger.logRecordBuilder().setTimestamp(at).setSeverity(Severity.ERROR).setBody("unhandled")
                        .setAttribute(AttributeKey.stringKey("exception.type"), thrown.getClass().getName())
                        .setAttribute(AttributeKey.stringKey("exception.message"), thrown.getMessage())
                        .setAttribute(AttributeKey.stringKey("exception.stacktrace"), stackTrace(thrown))
                        .setAttribute(AttributeKey.stringKey("http.route"), "/charge")
                        .emit();
            }
            // Each emit is exported at once; the flush waits for every export and fails if one did.
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).as("every export succeeded").isTrue();
        }

        var where = " WHERE tenant_id = 'acme' AND service = 'payments'";
        assertThat(server.count("SELECT count() AS n FROM log_lines" + where)).isEqualTo(3);
        assertThat(server.count("SELECT count() AS n FROM log_lines" + where + " AND deploy_hash = '9f3c2a1'")).isEqualTo(3);
        assertThat(server.count("SELECT uniqExact(error_signature) AS n FROM log_lines" + where + " AND error_signature != ''"))
                .as("the two declined cards share one signature").isEqualTo(1);
        var exceptions = server.clickhouse.query("SELECT exception_type, exception_message, route, cause_types, error_signature,"
                + " frame_module[1] AS top FROM exceptions" + where);
        assertThat(exceptions).hasSize(2);
        for (var exception : exceptions) {
            assertThat(exception.get("exception_type").asString()).isEqualTo("java.lang.IllegalStateException");
            assertThat(exception.get("route").asString()).isEqualTo("/charge");
            assertThat(exception.get("cause_types").toString()).isEqualTo("[\"java.net.SocketTimeoutException\"]");
            assertThat(exception.get("top").asString()).isEqualTo(OtlpLogsEndpointTest.class.getName());
            assertThat(exception.get("error_signature").asString()).hasSize(16);
        }
        assertThat(exceptions.get(0).get("error_signature")).isEqualTo(exceptions.get(1).get("error_signature"));
        assertThat(server.count("SELECT sum(occurrences) AS n FROM error_frequency" + where)).isEqualTo(4);
    }

    @Test
    void aMalformedBodyGetsA400WithAReasonAndInsertsNothing() throws Exception {
        var before = server.count("SELECT count() AS n FROM log_lines") + server.count("SELECT count() AS n FROM exceptions");
        var protobuf = server.post(server.base, "/v1/logs", HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x0a, (byte) 0xff, 0x7f, 0x01}),
                "Authorization", server.bearer(), "Content-Type", "application/x-protobuf");
        assertThat(protobuf.statusCode()).isEqualTo(400);
        assertThat(protobuf.body()).contains("not an OTLP ExportLogsServiceRequest in protobuf");
        var json = server.post("/v1/logs", "{\"resourceLogs\": [{\"scopeLogs\": [{\"logRecords\": [{\"traceId\": \"not hex\"}]}]}]}",
                "Authorization", server.bearer(), "Content-Type", "application/json");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("\"code\":3", "traceId 'not hex' is not hex");
        var unsupported = server.post("/v1/logs", "hello", "Authorization", server.bearer(), "Content-Type", "text/plain");
        assertThat(unsupported.statusCode()).isEqualTo(415);
        var anonymous = server.post("/v1/logs", "{}", "Content-Type", "application/json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(server.count("SELECT count() AS n FROM log_lines") + server.count("SELECT count() AS n FROM exceptions"))
                .isEqualTo(before);
    }

    @Test
    void otlpJsonIsTakenAndTheSameExportRetriedIsStoredOnce() throws Exception {
        var export = """
                {"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "otlp-json"}}]},
                  "scopeLogs": [{"logRecords": [
                    {"timeUnixNano": "1777629596000000000", "severityText": "ERROR", "body": {"stringValue": "disk full on /var/data"},
                     "traceId": "5b8efff798038103d269b633813fc60c"}]}]}]}
                """;
        for (int attempt = 0; attempt < 2; attempt++) {
            var response = server.post("/v1/logs", export, "Authorization", server.bearer(), "Content-Type", "application/json");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{}");
        }
        var rows = server.clickhouse.query("SELECT trace_id, level FROM log_lines WHERE service = 'otlp-json'");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("trace_id").asString()).isEqualTo("5b8efff798038103d269b633813fc60c");
    }
}
