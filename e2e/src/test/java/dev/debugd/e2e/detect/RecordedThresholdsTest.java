package dev.debugd.e2e.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.detect.RecordedDetectionSettings;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The detector judges each bucket with the thresholds its tenant's configuration facts recorded for that bucket's time,
 * read from Kafka, and judges them the same when it runs again from an empty cursor.
 */
class RecordedThresholdsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Event tenantFact(double errorRateThreshold, long generation, java.time.Instant time) {
        var manifest = Manifest.of(JSON.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Tenant\", \"metadata\":"
                + " {\"name\": \"acme\"}, \"spec\": {\"detection\": {\"errorRateThreshold\": " + errorRateThreshold + "}}}"), "test");
        return ConfigFacts.fact(manifest, generation, time);
    }

    /** One bucket of requests for service api: this many of 100 failing. */
    private static Evidence requests(long bucket, int failed) {
        var start = IngestServer.GRID.start(bucket);
        var requests = new ArrayList<RequestRecord>();
        for (int i = 0; i < 100; i++) {
            requests.add(new RequestRecord(start.plusMillis(i * 90L), "api", "/pay", i < failed ? 503 : 200, 12, "d1", "r-" + bucket
                    + "-" + i, ""));
        }
        return new Evidence(List.of(), List.of(), requests);
    }

    @Test
    void eachBucketIsJudgedWithTheThresholdRecordedForItsTime() throws Exception {
        var grid = IngestServer.GRID;
        try (var harness = new DetectorHarness()) {
            long first = grid.bucketOf(harness.server.clock.instant()) + 1;
            // The tenant's configuration as recorded: 5 % failing is an incident; from bucket first+20 on, only 50 %.
            harness.server.writer.writeAll(List.of(tenantFact(0.05, 1, grid.start(first).minusSeconds(3600)),
                    tenantFact(0.5, 2, grid.start(first + 20))));
            // 1 % failing, then 20 % in bucket first+12 (before the change) and in bucket first+32 (after it).
            var failing = new int[40];
            java.util.Arrays.fill(failing, 1);
            failing[12] = 20;
            failing[32] = 20;
            try (var configuration = new RecordedConfiguration(LocalStack.endpoints().kafka(), harness.server.topics.topics,
                    new Event.Agent("detector", "test"))) {
                var detector = harness.detector(harness.server.clickhouse, new RecordedDetectionSettings(configuration));
                for (int b = 0; b < failing.length; b++) {
                    harness.server.clock.set(grid.end(first + b).plusSeconds(1));
                    harness.send(harness.server.token, "thresholds-" + b, requests(first + b, failing[b]));
                }
                harness.server.clock.set(grid.watermark(first + failing.length).plus(DetectorHarness.GRACE).plusSeconds(1));
                var found = detector.runOnce().stream().map(d -> d.rule() + " @" + (d.bucket() - first)).toList();
                assertThat(found).containsExactly("error_rate @12");

                // From an empty cursor, the same buckets are judged the same: the very same fact again.
                try (var connection = harness.server.pool.getConnection(); var statement = connection.createStatement()) {
                    statement.execute("DELETE FROM detector.cursors");
                }
                var again = detector.runOnce().stream().map(d -> d.rule() + " @" + (d.bucket() - first)).toList();
                assertThat(again).isEqualTo(found);
                var detected = harness.timeline().stream().filter(e -> e.payload() instanceof Payload.IncidentDetected).toList();
                assertThat(detected).hasSize(2);
                assertThat(detected.get(1).eventId()).isEqualTo(detected.get(0).eventId());
            }
        }
    }
}
