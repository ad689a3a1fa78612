package dev.debugd.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OtlpLogsTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T10:00:00Z");

    /** OTLP/JSON as the specification writes it: lowerCamelCase, hex trace ids, nanoseconds as strings, enum numbers. */
    private static final String EXPORT = """
            {"resourceLogs": [{
              "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "checkout"}},
                                          {"key": "service.version", "value": {"stringValue": "1.4.2"}}]},
              "scopeLogs": [{"scope": {"name": "shop"}, "logRecords": [
                {"timeUnixNano": "1777629601500000000", "severityNumber": 17, "body": {"stringValue": "payment failed"},
                 "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
                 "attributes": [{"key": "http.route", "value": {"stringValue": "/pay"}}]},
                {"observedTimeUnixNano": "1777629602000000000", "severityText": "ERROR", "body": {"stringValue": "unhandled"},
                 "attributes": [{"key": "exception.type", "value": {"stringValue": "java.lang.IllegalStateException"}},
                                {"key": "exception.stacktrace", "value": {"stringValue": "java.lang.IllegalStateException: pool exhausted\\n\\tat shop.db.Pool.take(Pool.java:88)"}}]},
                {"body": {"intValue": "42"}}
              ]}]}]}
            """;

    @Test
    void readsOtlpJsonWithHexIdsIntoLogLinesAndExceptions() throws Exception {
        var evidence = OtlpLogs.evidence(OtlpLogs.fromJson(EXPORT.getBytes(StandardCharsets.UTF_8)), RECEIVED);
        assertThat(evidence.logs()).hasSize(2);
        var first = evidence.logs().get(0);
        assertThat(first.service()).isEqualTo("checkout");
        assertThat(first.deployHash()).isEqualTo("1.4.2");
        assertThat(first.level()).isEqualTo("ERROR");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2026-05-01T10:00:01.5Z"));
        assertThat(first.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(first.route()).isEqualTo("/pay");
        var noTime = evidence.logs().get(1);
        assertThat(noTime.timestamp()).isEqualTo(RECEIVED);
        assertThat(noTime.message()).isEqualTo("42");
        var exception = evidence.exceptions().get(0);
        assertThat(exception.type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(exception.message()).isEqualTo("pool exhausted");
        assertThat(exception.frames()).extracting(f -> f.module() + "." + f.function()).containsExactly("shop.db.Pool.take");
        assertThat(exception.timestamp()).isEqualTo(Instant.parse("2026-05-01T10:00:02Z"));
        // The same export in protobuf reads the same.
        var protobuf = OtlpLogs.fromJson(EXPORT.getBytes(StandardCharsets.UTF_8)).toByteArray();
        assertThat(OtlpLogs.evidence(OtlpLogs.fromProtobuf(protobuf), RECEIVED)).isEqualTo(evidence);
    }

    @Test
    void refusesMalformedExportsWithAReason() {
        assertThatThrownBy(() -> OtlpLogs.fromProtobuf(new byte[] {(byte) 0xff, 0x01, 0x02}))
                .isInstanceOf(OtlpLogs.Malformed.class).hasMessageContaining("not an OTLP ExportLogsServiceRequest in protobuf");
        assertThatThrownBy(() -> OtlpLogs.fromJson("{\"resourceLogs\": [".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> OtlpLogs.fromJson("{\"resourceLogs\": [{\"scopeLogs\": [{\"logRecords\": [{\"traceId\": \"xyz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("traceId 'xyz' is not hex");
        assertThatThrownBy(() -> OtlpLogs.fromJson("{\"resourceLogs\": 5}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not an OTLP ExportLogsServiceRequest in JSON");
        var exceptionWithoutType = EXPORT.replace("\"key\": \"exception.type\", \"value\": {\"stringValue\": \"java.lang.IllegalStateException\"}",
                "\"key\": \"exception.escaped\", \"value\": {\"boolValue\": true}").replace("java.lang.IllegalStateException: pool", "pool");
        assertThatThrownBy(() -> OtlpLogs.evidence(OtlpLogs.fromJson(exceptionWithoutType.getBytes(StandardCharsets.UTF_8)), RECEIVED))
                .hasMessageContaining("logRecords[1]: exception.type is missing");
    }

    @Test
    void severityNumbersNameTheirRange() throws Exception {
        for (var pair : new Object[][] {{1, "TRACE"}, {5, "DEBUG"}, {9, "INFO"}, {13, "WARN"}, {17, "ERROR"}, {21, "FATAL"}, {24, "FATAL"}}) {
            var record = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder().setSeverityNumberValue((int) pair[0]).build();
            assertThat(OtlpLogs.level(record)).isEqualTo(pair[1]);
        }
    }
}
