package dev.debugd.e2e.detect;

import dev.debugd.detect.DetectionSettings;
import dev.debugd.detect.DetectorCursors;
import dev.debugd.detect.EvidenceViews;
import dev.debugd.detect.IncidentDetector;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.evidence.ClickHouseHttp;
import dev.debugd.ingest.IngestBody;
import dev.debugd.readmodel.Replay;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;

/**
 * The ingest API and the detector on the real stack, with one test clock: evidence goes in through the HTTP
 * endpoint, detections come out on Kafka topics of the test's own.
 */
final class DetectorHarness implements AutoCloseable {

    static final Duration GRACE = Duration.ofSeconds(2);

    final IngestServer server;
    final TestTopics topics;
    final TimelineWriter writer;
    final DetectorCursors cursors;
    private final IngestBody bodies = new IngestBody();

    DetectorHarness() throws Exception {
        server = new IngestServer();
        new Postgres(server.database.postgres).migrate(DetectorCursors.SCHEMA, "detector");
        var kafka = LocalStack.requireKafka().kafka();
        topics = new TestTopics(kafka, 3);
        writer = new TimelineWriter(kafka, topics.topics);
        cursors = new DetectorCursors(server.pool);
    }

    IncidentDetector detector(ClickHouseHttp clickhouse, Function<String, DetectionSettings> settings) {
        return new IncidentDetector(new EvidenceViews(clickhouse, IngestServer.GRID), cursors, writer::writeAll,
                IngestServer.GRID, GRACE, settings, server.clock);
    }

    IncidentDetector detector() {
        return detector(server.clickhouse, tenant -> DetectionSettings.DEFAULTS);
    }

    /** Sends a batch through the ingest endpoint; fails unless it is stored. */
    void send(String token, String batchId, dev.debugd.ingest.Evidence evidence) throws Exception {
        var response = server.post(server.base, "/v1/ingest", HttpRequest.BodyPublishers.ofByteArray(bodies.encode(batchId, evidence)),
                "Authorization", "Bearer " + token);
        if (response.statusCode() != 200) {
            throw new AssertionError("ingest refused batch " + batchId + ": " + response.body());
        }
    }

    /** Every event on the test's timeline topic, read from offset 0 to its end. */
    List<Event> timeline() {
        try (var reader = new TimelineReader(LocalStack.endpoints().kafka(), topics.topics, Replay.AGENT, 500)) {
            var partitions = reader.partitions();
            var start = new HashMap<org.apache.kafka.common.TopicPartition, Long>();
            partitions.forEach(p -> start.put(p, 0L));
            reader.assign(start);
            var end = reader.endOffsets(partitions);
            var position = new HashMap<>(start);
            var events = new ArrayList<Event>();
            while (end.entrySet().stream().anyMatch(e -> position.get(e.getKey()) < e.getValue())) {
                var batch = reader.poll(Duration.ofSeconds(1));
                batch.records().forEach(r -> events.add(r.event()));
                position.putAll(batch.nextOffsets());
            }
            return events;
        }
    }

    @Override
    public void close() throws Exception {
        writer.close();
        topics.close();
        server.close();
    }
}
