package dev.debugd.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestBodyTest {

    private final IngestBody bodies = new IngestBody();

    private IngestBody.Parsed batch(String json) {
        return bodies.batch(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String reasons(IngestBody.Parsed parsed) {
        assertThat(parsed).isInstanceOf(IngestBody.Invalid.class);
        return String.join("\n", ((IngestBody.Invalid) parsed).reasons());
    }

    @Test
    void readsEveryKindOfRecordWithItsDefaults() {
        var parsed = batch("""
                {"batch_id": "b-1",
                 "logs": [{"timestamp": 1777629600.75, "service": "checkout", "message": "ok", "unknown": [1]}],
                 "exceptions": [{"timestamp": "2026-05-01T12:00:00+02:00", "service": "checkout", "type": "E",
                                 "frames": [{"module": "shop.Cart", "function": "total", "line": 4},
                                            {"module": "java.util.List", "function": "get", "in_app": true}],
                                 "causes": [{"type": "Root"}]}],
                 "requests": [{"timestamp": "2026-05-01T10:00:00Z", "service": "checkout", "status": 204}]}
                """);
        assertThat(parsed).isInstanceOf(IngestBody.Valid.class);
        var valid = (IngestBody.Valid) parsed;
        assertThat(valid.batchId()).contains("b-1");
        var line = valid.evidence().logs().get(0);
        assertThat(line.timestamp()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(line.level()).isEmpty();
        var exception = valid.evidence().exceptions().get(0);
        assertThat(exception.timestamp()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(exception.frames()).extracting(ExceptionEvent.Frame::inApp).containsExactly(true, true);
        assertThat(exception.causes()).containsExactly(new ExceptionEvent.Cause("Root", ""));
        assertThat(valid.evidence().requests().get(0).durationMs()).isZero();
    }

    @Test
    void namesEveryBadRecordAndField() {
        var text = reasons(batch("""
                {"batch_id": "has spaces",
                 "logs": [{"timestamp": -5, "service": "s", "message": "m"},
                          {"timestamp": "2200-01-01T00:00:00Z", "service": "s", "message": "m"},
                          {"timestamp": "2026-05-01T10:00:00Z", "service": "   ", "message": "m"},
                          {"timestamp": "2026-05-01T10:00:00Z", "service": "s", "message": 7},
                          {"timestamp": true, "service": "s", "message": "m"}],
                 "exceptions": [{"timestamp": "2026-05-01T10:00:00Z", "service": "s", "type": "E", "frames": [{"line": 3}]},
                                {"timestamp": "2026-05-01T10:00:00Z", "service": "s", "type": "E", "frames": [{"module": "m", "line": -1}]},
                                {"timestamp": "2026-05-01T10:00:00Z", "service": "s", "type": "E", "causes": [{}]}],
                 "requests": [{"timestamp": "2026-05-01T10:00:00Z", "service": "s", "status": 200, "duration_ms": -1},
                              {"timestamp": "2026-05-01T10:00:00Z", "service": "s"}]}
                """));
        assertThat(text).contains("batch_id: must be 1-200 characters", "logs[0].timestamp: must not be before 1970",
                "logs[1].timestamp: 2200-01-01T00:00:00Z is outside the range", "logs[2].service: is empty",
                "logs[3].message: must be a string", "logs[4].timestamp: must be an ISO-8601 string or seconds",
                "exceptions[0].frames[0]: needs a module or a function", "exceptions[1].frames[0].line: must be a whole number",
                "exceptions[2].causes[0].type: is missing", "requests[0].duration_ms: must be a number of milliseconds",
                "requests[1].status: is missing");
    }

    @Test
    void refusesWhatIsNotABatch() {
        assertThat(reasons(batch("{\"logs\": []}"))).contains("no records");
        assertThat(reasons(batch("[1]"))).contains("must be a JSON object");
        assertThat(reasons(batch("{\"logs\": {}}"))).contains("logs: must be an array");
        assertThat(reasons(batch("{\"logs\": [{\"timestamp\": 1"))).contains("not JSON");
        assertThat(reasons(batch("{\"logs\": [{\"message\": \"" + "x".repeat(IngestBody.MAX_TEXT_CHARS + 1)
                + "\", \"timestamp\": 1, \"service\": \"s\"}]}"))).contains("logs[0].message: is 262145 characters, over the limit");
    }

    @Test
    void keepsAtMostAHundredReasonsAndCountsTheRest() {
        var logs = new StringBuilder("{\"logs\": [");
        for (int i = 0; i < 150; i++) {
            logs.append(i == 0 ? "" : ",").append("{\"service\": \"s\", \"message\": \"m\"}");
        }
        var invalid = (IngestBody.Invalid) batch(logs.append("]}").toString());
        assertThat(invalid.reasons()).hasSize(101);
        assertThat(invalid.reasons().get(100)).isEqualTo("… and 50 more");
    }

    @Test
    void logLinesComeAsAnArrayOrAsJsonLines() {
        var lines = "{\"timestamp\": 1777629600, \"service\": \"a\", \"message\": \"one\"}\n\n"
                + "{\"timestamp\": 1777629601, \"service\": \"a\", \"message\": \"two\"}\n";
        var fromLines = (IngestBody.Valid) bodies.logLines(lines.getBytes(StandardCharsets.UTF_8));
        var fromArray = (IngestBody.Valid) bodies.logLines(("[" + lines.strip().replace("\n\n", ",") + "]").getBytes(StandardCharsets.UTF_8));
        assertThat(fromLines.evidence()).isEqualTo(fromArray.evidence());
        assertThat(fromLines.evidence().logs()).extracting(LogLine::message).containsExactly("one", "two");
        assertThat(reasons(bodies.logLines("{\"service\": \"a\"}\nnot json".getBytes(StandardCharsets.UTF_8)))).contains("neither");
        assertThat(reasons(bodies.logLines("[{\"service\": \"a\", \"message\": \"m\"}]".getBytes(StandardCharsets.UTF_8))))
                .contains("[0].timestamp: is missing");
    }

    @Test
    void whatTheGeneratorSendsReadsBackAsTheSameEvidence() {
        var grid = new dev.debugd.evidence.BucketGrid(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(20));
        var repository = dev.debugd.standins.github.DemoRepository.build();
        var traffic = new dev.debugd.generate.TrafficGenerator(new dev.debugd.generate.TrafficGenerator.Settings(3, 8, 90, true,
                repository.benignReleases(), dev.debugd.generate.TrafficGenerator.NOVEL_FAULT_SERVICES.stream()
                        .map(repository::faultyRelease).toList()), grid,
                Instant.parse("2026-05-01T10:00:00Z")).generate();
        assertThat(traffic.deliveries().size()).as("one delivery per bucket, and what was held back").isGreaterThanOrEqualTo(90);
        for (var delivery : traffic.deliveries()) {
            var parsed = bodies.batch(bodies.encode(delivery.batchId(), delivery.evidence()));
            assertThat(parsed).as(parsed.toString()).isInstanceOf(IngestBody.Valid.class);
            var read = (IngestBody.Valid) parsed;
            assertThat(read.batchId()).contains(delivery.batchId());
            assertThat(read.evidence()).isEqualTo(delivery.evidence());
        }
    }
}
