package dev.debugd.e2e.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.debugd.detect.IncidentDetector;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.timeline.Payload;
import java.net.URI;
import java.time.Duration;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * ClickHouse goes away part-way through the fixture while evidence keeps coming (ingest has its own connection):
 * the detector backs off with one log line for the outage, and once ClickHouse is back it evaluates every bucket it
 * missed; the fixture's incidents are each written once.
 */
class ClickHouseOutageTest {

    @Test
    void missedBucketsAreEvaluatedAfterTheOutageAndNothingTwice() throws Exception {
        var fixture = FaultFixture.load();
        var grid = IngestServer.GRID;
        long first = grid.bucketOf(fixture.start());
        var clickhouse = LocalStack.requireClickHouse().clickhouse();
        try (var harness = new DetectorHarness(); var proxy = new TcpProxy(clickhouse.url().getHost(), clickhouse.url().getPort())) {
            // Attached once the API has started: Spring Boot sets logging up anew when it starts.
            var logs = new ListAppender<ILoggingEvent>();
            logs.start();
            var logger = (Logger) LoggerFactory.getLogger(IncidentDetector.class);
            logger.addAppender(logs);
            proxy.restore();
            var throughProxy = new ClickHouseHttp(clickhouse.withUrl(URI.create("http://127.0.0.1:" + proxy.port())), harness.server.clickhouseDatabase);
            var detector = harness.detector(throughProxy, IncidentDetector.RecordedSettings.defaults());
            var passes = detector.start(Duration.ofMillis(50), Duration.ofMillis(400));
            try {
                for (int b = 0; b < fixture.buckets() + 6; b++) {
                    if (b == 12) {
                        proxy.cut(); // before the first incident's bucket (15) closes
                    }
                    harness.server.clock.set(grid.end(first + b).plusSeconds(1));
                    if (b < fixture.buckets()) {
                        harness.send(harness.server.token, "outage-" + b, fixture.bucket(b, grid));
                    }
                    if (b < 12) { // while ClickHouse is there, let the loop keep up
                        long closed = detector.lastClosedBucket();
                        await().atMost(Duration.ofSeconds(10)).until(() -> harness.cursors.next("acme", grid.widthSeconds())
                                .map(next -> next > closed).orElse(closed < first));
                    }
                }
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> harness.timeline().stream().noneMatch(e -> e.payload() instanceof Payload.IncidentDetected));
                proxy.restore();
                long closed = detector.lastClosedBucket();
                await().atMost(Duration.ofSeconds(30)).until(() -> harness.cursors.next("acme", grid.widthSeconds())
                        .map(next -> next > closed).orElse(false));
            } finally {
                passes.close();
                logger.detachAppender(logs);
            }
            var detected = harness.timeline().stream().filter(e -> e.payload() instanceof Payload.IncidentDetected).toList();
            var described = new TreeSet<String>();
            for (var event : detected) {
                var payload = (Payload.IncidentDetected) event.payload();
                described.add(payload.rule() + " " + payload.service() + " @" + grid.bucketOf(payload.episodeStart()) + " "
                        + payload.signature());
            }
            assertThat(described).isEqualTo(fixture.expected(grid));
            assertThat(detected).as("each written once").hasSize(described.size());
            var warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(warnings).as("one line for the outage").hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("unavailable");
            assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("is back after")).count()).isEqualTo(1);
        }
    }
}
