package dev.debugd.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketGridTest {

    private final BucketGrid grid = new BucketGrid(Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void bucketsAreCountedFromTheEpochAndCloseAtTheirWatermark() {
        var time = Instant.parse("2026-05-01T10:00:59Z");
        long bucket = grid.bucketOf(time);
        assertThat(grid.start(bucket)).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(grid.end(bucket)).isEqualTo(Instant.parse("2026-05-01T10:01:00Z"));
        assertThat(grid.watermark(bucket)).isEqualTo(Instant.parse("2026-05-01T10:01:30Z"));
        assertThat(grid.bucketOf(Instant.parse("2026-05-01T10:01:00Z"))).isEqualTo(bucket + 1);
    }

    @Test
    void aRowIsLateFromItsBucketsWatermarkOn() {
        var time = Instant.parse("2026-05-01T10:00:10Z");
        assertThat(grid.isLate(time, Instant.parse("2026-05-01T10:01:29Z"))).isFalse();
        assertThat(grid.isLate(time, Instant.parse("2026-05-01T10:01:30Z"))).isTrue();
        assertThat(grid.isLate(time, Instant.parse("2026-05-01T09:00:00Z"))).isFalse();
    }

    @Test
    void refusesWidthsThatAreNotWholePositiveSeconds() {
        assertThatThrownBy(() -> new BucketGrid(Duration.ZERO, Duration.ZERO)).hasMessageContaining("bucket width");
        assertThatThrownBy(() -> new BucketGrid(Duration.ofMillis(1500), Duration.ZERO)).hasMessageContaining("bucket width");
        assertThatThrownBy(() -> new BucketGrid(Duration.ofSeconds(1), Duration.ofSeconds(-1))).hasMessageContaining("lateness");
    }
}
