package dev.debugd.e2e.detect;

import dev.debugd.detect.DetectorCursors;
import dev.debugd.detect.EvidenceViews;
import dev.debugd.detect.IncidentDetector;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.ingest.IngestBody;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * The ingest API and the detector on the real stack, with one test clock: evidence goes in through the HTTP
 * endpoint, detections come out on Kafka topics of the test's own.
 */
public final class DetectorHarness implements AutoCloseable {

    public static final Duration GRACE = Duration.ofSeconds(2);

    public final IngestServer server;
    final DetectorCursors cursors;
    private final IngestBody bodies = new IngestBody();

    public DetectorHarness() throws Exception {
        server = new IngestServer();
        new Postgres(server.database.postgres).migrate(DetectorCursors.SCHEMA, "detector");
        cursors = new DetectorCursors(server.pool);
    }

    public IncidentDetector detector(ClickHouseHttp clickhouse, IncidentDetector.RecordedSettings settings) {
        return new IncidentDetector(new EvidenceViews(clickhouse, IngestServer.GRID), cursors, server.writer::writeAll,
                IngestServer.GRID, GRACE, settings, server.clock);
    }

    public IncidentDetector detector() {
        return detector(server.clickhouse, IncidentDetector.RecordedSettings.defaults());
    }

    /** Sends a batch through the ingest endpoint; fails unless it is stored. */
    public void send(String token, String batchId, dev.debugd.evidence.Evidence evidence) throws Exception {
        var response = server.post(server.base, "/v1/ingest", HttpRequest.BodyPublishers.ofByteArray(bodies.encode(batchId, evidence)),
                "Authorization", "Bearer " + token);
        if (response.statusCode() != 200) {
            throw new AssertionError("ingest refused batch " + batchId + ": " + response.body());
        }
    }

    public List<Event> timeline() {
        return server.timeline();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
