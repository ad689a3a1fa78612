package dev.debugd.evidence;

import java.time.Duration;
import java.time.Instant;

/**
 * The fixed grid detection runs on (ARCHITECTURE §7): buckets of one width counted from the epoch, each closed
 * at its watermark (its end plus the allowed lateness). A row for a bucket whose watermark has passed is late: it
 * is kept aside, never added to the buckets detection has seen. Pure.
 *
 * @param width    the bucket width, whole seconds (ClickHouse groups by {@code intDiv(toUInt32(ts), width)})
 * @param lateness how long after a bucket's end its rows are still accepted
 */
public record BucketGrid(Duration width, Duration lateness) {

    public BucketGrid {
        if (width.isNegative() || width.isZero() || width.getNano() != 0) {
            throw new IllegalArgumentException("the bucket width must be a positive whole number of seconds, not " + width);
        }
        if (lateness.isNegative() || lateness.getNano() != 0) {
            throw new IllegalArgumentException("the allowed lateness must be zero or whole seconds, not " + lateness);
        }
    }

    public long widthSeconds() {
        return width.getSeconds();
    }

    /** The bucket a moment falls in. */
    public long bucketOf(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), widthSeconds());
    }

    public Instant start(long bucket) {
        return Instant.ofEpochSecond(bucket * widthSeconds());
    }

    public Instant end(long bucket) {
        return start(bucket + 1);
    }

    /** From this moment on the bucket is closed: evaluated, and no longer added to. */
    public Instant watermark(long bucket) {
        return end(bucket).plus(lateness);
    }

    /** Whether a row with this time, arriving now, comes after its bucket closed. */
    public boolean isLate(Instant time, Instant now) {
        return !now.isBefore(watermark(bucketOf(time)));
    }
}
