package dev.debugd.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceSeriesTest {

    @Test
    void aWindowAroundAMomentIsWholeSteps() {
        var window = EvidenceSeries.Window.around(Instant.parse("2026-11-30T10:03:20Z"), Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofSeconds(60));
        assertThat(window.from()).isEqualTo(Instant.parse("2026-11-30T10:01:00Z"));
        assertThat(window.to()).isEqualTo(Instant.parse("2026-11-30T10:05:00Z"));
    }

    @Test
    void everyStepIsAPointZerosWhereNothingHappened() {
        var window = new EvidenceSeries.Window(Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-11-30T10:00:30Z"),
                Duration.ofSeconds(10));
        long first = Instant.parse("2026-11-30T10:00:00Z").getEpochSecond() / 10;
        var points = EvidenceSeries.points(window, Map.of(first + 1, 4L), Map.of(first + 1, new long[] {8, 2}, first + 2,
                new long[] {5, 0}));
        assertThat(points).extracting(p -> p.start().toString().substring(11) + " " + p.occurrences() + " " + p.requests() + " "
                + p.failedRequests() + " " + p.errorRate())
                .containsExactly("10:00:00Z 0 0 0 0.0", "10:00:10Z 4 8 2 0.25", "10:00:20Z 0 5 0 0.0");
    }
}
