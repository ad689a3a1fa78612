package dev.debugd.detect;

import dev.debugd.detect.rules.Detection;
import dev.debugd.detect.rules.DetectionSettings;
import dev.debugd.detect.rules.IncidentRules;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.health.OutageLog;
import dev.debugd.health.RepeatedPasses;
import dev.debugd.timeline.Event;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Incident Detector's shell: evaluates every bucket whose watermark (plus a grace for ingest requests still
 * under way) has passed and that it has not evaluated yet, tenant by tenant, and writes an IncidentDetected per
 * episode start, each bucket with the tenant's thresholds as recorded for its time. When ClickHouse is away it backs off
 * and logs once; when it is back, the buckets it missed are evaluated in order, each once.
 */
public final class IncidentDetector {

    /** Each tenant's thresholds as its configuration facts recorded them, at any moment. */
    public interface RecordedSettings {
        /** Reads the facts recorded since the last call; a pass calls it before it judges anything. */
        void catchUp();

        Function<Instant, DetectionSettings> of(String tenant);

        /** Every tenant on the default thresholds, whatever was recorded (benchmarks and tests of the rules' shell). */
        static RecordedSettings defaults() {
            return new RecordedSettings() {
                @Override
                public void catchUp() {}

                @Override
                public Function<Instant, DetectionSettings> of(String tenant) {
                    return moment -> DetectionSettings.DEFAULTS;
                }
            };
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(IncidentDetector.class);
    /** Buckets judged per read of the views. */
    private static final int CHUNK_BUCKETS = 720;

    private final EvidenceViews views;
    private final DetectorCursors cursors;
    private final Consumer<List<Event>> timeline;
    private final BucketGrid grid;
    private final Duration grace;
    private final RecordedSettings settings;
    private final Clock clock;
    private final OutageLog outage = new OutageLog(LOG, "ClickHouse, Postgres or Kafka, for detection");

    /**
     * @param timeline writes events to the timeline and returns once they are acknowledged
     * @param grace    how long after a watermark a bucket is still left alone, for ingest requests that judged their
     *                 rows on time and are still inserting them
     */
    public IncidentDetector(EvidenceViews views, DetectorCursors cursors, Consumer<List<Event>> timeline, BucketGrid grid,
            Duration grace, RecordedSettings settings, Clock clock) {
        this.views = views;
        this.cursors = cursors;
        this.timeline = timeline;
        this.grid = grid;
        this.grace = grace;
        this.settings = settings;
        this.clock = clock;
    }

    /** The last bucket that may be judged now. */
    public long lastClosedBucket() {
        var now = clock.instant().minus(grace).minus(grid.lateness());
        return grid.bucketOf(now) - 1;
    }

    /** One pass over every tenant; returns the detections written. */
    public List<Detection> runOnce() throws IOException, InterruptedException, SQLException {
        var written = new ArrayList<Detection>();
        long last = lastClosedBucket();
        settings.catchUp(); // every fact recorded before the buckets closed is read before they are judged
        for (var tenant : views.tenants()) {
            var next = cursors.next(tenant, grid.widthSeconds());
            if (next.isEmpty()) {
                var first = views.firstBucket(tenant);
                if (first.isEmpty()) {
                    continue;
                }
                next = first;
            }
            var atMoment = settings.of(tenant);
            IncidentRules.BucketSettings bucketSettings = bucket -> atMoment.apply(grid.start(bucket)); // as of the bucket's start
            for (long from = next.get(); from <= last; from += CHUNK_BUCKETS) {
                long to = Math.min(last, from + CHUNK_BUCKETS - 1);
                var observations = views.read(tenant, from - IncidentRules.lookback(bucketSettings, from, to), to);
                var detections = IncidentRules.detect(tenant, bucketSettings, grid, observations, from, to);
                if (!detections.isEmpty()) {
                    timeline.accept(detections.stream().map(Detection::event).toList());
                    for (var detection : detections) {
                        LOG.info("detected {} in {}/{} at bucket {} ({}), episode {}", detection.rule(), tenant, detection.service(),
                                detection.bucket(), detection.episodeStart(), detection.episodeId());
                    }
                }
                cursors.advance(tenant, grid.widthSeconds(), to + 1);
                written.addAll(detections);
            }
        }
        return written;
    }

    /** Whether the last pass read and wrote what it needed (false while a server is away). */
    public boolean healthy() {
        return !outage.down();
    }

    /**
     * Starts passes on a scheduler of their own, one {@code every} after the previous ended; a pass that fails (a server
     * away) is tried again after a pause that doubles up to {@code maxBackoff}, with one log line per outage. Closing
     * the handle stops them.
     */
    public AutoCloseable start(Duration every, Duration maxBackoff) {
        return RepeatedPasses.start("detector", every, maxBackoff, outage, this::runOnce);
    }

}
