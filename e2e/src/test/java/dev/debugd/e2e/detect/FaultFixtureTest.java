package dev.debugd.e2e.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.e2e.ingest.IngestServer;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hand-written fault fixture: its evidence goes through the ingest endpoint bucket by bucket while the clock
 * moves, and the detector must produce exactly the incidents it lists.
 */
class FaultFixtureTest {

    @Test
    void theFixtureIsDetectedExactlyAsListed() throws Exception {
        var fixture = FaultFixture.load();
        var grid = IngestServer.GRID;
        long first = grid.bucketOf(fixture.start());
        try (var harness = new DetectorHarness()) {
            var detector = harness.detector();
            var actual = new TreeSet<String>();
            for (int b = 0; b < fixture.buckets() + 6; b++) {
                harness.server.clock.set(grid.end(first + b).plusSeconds(1));
                if (b < fixture.buckets()) {
                    harness.send(harness.server.token, "fixture-" + b, fixture.bucket(b, grid));
                }
                detector.runOnce().forEach(detection -> actual.add(FaultFixture.describe(detection)));
            }
            assertThat(actual).isEqualTo(fixture.expected(grid));
            assertThat(actual).hasSize(6);
        }
    }
}
