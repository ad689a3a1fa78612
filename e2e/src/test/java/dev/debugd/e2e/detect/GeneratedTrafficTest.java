package dev.debugd.e2e.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.detect.rules.Detection;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.generate.TrafficGenerator;
import dev.debugd.standins.github.DemoRepository;
import dev.debugd.timeline.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The generator's traffic through the ingest endpoint, the detector passing as the clock moves: each injected fault
 * is detected exactly once with its rule, service and signature, soon after its bucket closed; the healthy rest
 * (quiet services, benign deploys, out-of-order and late evidence) gives no incident; detecting again adds nothing.
 */
class GeneratedTrafficTest {

    @Test
    void eachFaultOnceAndNothingElseAndTheSameAgain() throws Exception {
        try (var harness = new DetectorHarness()) {
            var grid = IngestServer.GRID;
            var start = Instant.parse("2026-05-01T10:00:00Z");
            var repository = DemoRepository.build();
            var traffic = new TrafficGenerator(new TrafficGenerator.Settings(7, 8, 300, true, repository.benignReleases(),
                    TrafficGenerator.NOVEL_FAULT_SERVICES.stream().map(repository::faultyRelease).toList()), grid, start).generate();
            var detector = harness.detector();
            var found = new ArrayList<Detection>();
            var latency = new HashMap<String, Duration>();
            int next = 0;
            var deliveries = traffic.deliveries();
            var end = grid.watermark(traffic.lastBucket()).plus(DetectorHarness.GRACE).plusSeconds(20);
            for (var now = start; !now.isAfter(end); now = now.plus(grid.width())) {
                // Each delivery goes in at its own moment; then the detector passes, once per bucket.
                while (next < deliveries.size() && !deliveries.get(next).sendAt().isAfter(now)) {
                    var delivery = deliveries.get(next++);
                    harness.server.clock.set(delivery.sendAt());
                    harness.send(harness.server.token, delivery.batchId(), delivery.evidence());
                }
                harness.server.clock.set(now);
                for (var detection : detector.runOnce()) {
                    found.add(detection);
                    latency.put(detection.episodeId(), Duration.between(detection.watermark(), now));
                }
            }
            assertThat(next).isEqualTo(deliveries.size());

            var expected = new TreeSet<String>();
            for (var fault : traffic.faults()) {
                expected.add(fault.rule() + " " + fault.service() + " " + fault.signature() + " @" + fault.bucket());
            }
            var actual = new TreeSet<String>();
            for (var detection : found) {
                actual.add(detection.rule() + " " + detection.service() + " " + detection.signature() + " @" + detection.bucket());
            }
            long deploys = harness.server.count("SELECT uniqExact(service, deploy_hash) AS n FROM deploys");
            System.out.printf("%d deliveries, %d service-buckets (%d with a fault), %d late rows, %d deploys of 8 services%n",
                    deliveries.size(), traffic.serviceBuckets(), traffic.faults().size() * 5,
                    harness.server.count("SELECT count() AS n FROM late_arrivals"), deploys);
            assertThat(deploys).as("benign deploys besides each service's first and the faulty one").isGreaterThan(8 + 1);
            for (var detection : found) {
                System.out.printf("detected %-15s %-10s at %s, %s after the bucket's watermark%n", detection.rule(),
                        detection.service(), detection.episodeStart(), latency.get(detection.episodeId()));
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(found).hasSize(traffic.faults().size());
            assertThat(traffic.serviceBuckets() - traffic.faults().size() * 5L).isGreaterThanOrEqualTo(2_000);
            assertThat(harness.server.count("SELECT count() AS n FROM late_arrivals")).as("late evidence was exercised").isPositive();
            for (var detection : found) {
                assertThat(latency.get(detection.episodeId())).isLessThanOrEqualTo(grid.width().multipliedBy(2));
            }

            // On Kafka: one IncidentDetected per fault, its incident the episode.
            var detected = harness.timeline().stream().filter(e -> e.payload() instanceof Payload.IncidentDetected).toList();
            assertThat(detected).hasSize(found.size());
            var ids = detected.stream().map(e -> e.eventId()).collect(java.util.stream.Collectors.toSet());
            assertThat(detected.stream().map(e -> e.incidentId()).toList())
                    .containsExactlyInAnyOrderElementsOf(found.stream().map(Detection::episodeId).toList());

            // Detecting again from scratch over the same evidence, as after a replay: the same episodes, the same events.
            try (var connection = harness.server.pool.getConnection(); var statement = connection.createStatement()) {
                statement.execute("DELETE FROM detector.cursors");
            }
            var again = detector.runOnce();
            assertThat(again).containsExactlyInAnyOrderElementsOf(found);
            var afterRerun = harness.timeline().stream().filter(e -> e.payload() instanceof Payload.IncidentDetected)
                    .map(e -> e.eventId()).collect(java.util.stream.Collectors.toSet());
            assertThat(afterRerun).isEqualTo(ids);
        }
    }
}
