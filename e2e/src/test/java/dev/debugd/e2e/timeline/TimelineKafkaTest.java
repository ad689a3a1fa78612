package dev.debugd.e2e.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.config.Endpoints;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The timeline's Kafka adapters on the real broker: keyed idempotent writes, reads from offset 0, bad records. */
class TimelineKafkaTest {

    private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");
    private static final Event.Agent READER = new Event.Agent("timeline-test", "1");
    private static Endpoints.Kafka kafka;
    private static TestTopics topics;

    @BeforeAll
    static void createTopics() throws Exception {
        kafka = LocalStack.requireKafka().kafka();
        topics = new TestTopics(kafka, 3);
    }

    @AfterAll
    static void deleteTopics() throws Exception {
        if (topics != null) {
            topics.close();
        }
    }

    private static Event detected(String tenant, String incident) {
        return Event.create(T0, tenant, incident, 1, new Payload.IncidentDetected("api", "npe", 1, "novelty", T0,
                Map.of(), "detector", null), new Event.Agent("detector", "1.0.0"),
                IdempotencyKey.episode(tenant, incident), null);
    }

    private static Event rootCause(String tenant, String incident, String hypothesis) {
        return Event.create(T0.plusSeconds(60), tenant, incident, 1, new Payload.RootCauseProposed(hypothesis,
                RootCauseCategory.MISSING_CONFIG, 0.9, List.of(), null), new Event.Agent("rca-agent", "0.3.1"),
                IdempotencyKey.task(tenant, incident, EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, "0.3.1", 1), null);
    }

    /** Reads everything from offset 0 of every partition until nothing more comes. */
    private static List<TimelineReader.Batch> readAll(TimelineReader reader) {
        var partitions = reader.partitions();
        var start = new HashMap<TopicPartition, Long>();
        partitions.forEach(p -> start.put(p, 0L));
        reader.assign(start);
        var end = reader.endOffsets(partitions);
        var position = new HashMap<>(start);
        var batches = new ArrayList<TimelineReader.Batch>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (end.entrySet().stream().anyMatch(e -> position.get(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
            var batch = reader.poll(Duration.ofMillis(500));
            position.putAll(batch.nextOffsets());
            batches.add(batch);
        }
        return batches;
    }

    @Test
    void eventsAreWrittenKeyedByIncidentAndReadBackFromOffsetZero() {
        var events = List.of(detected("t1", "inc-1"), rootCause("t1", "inc-1", "JWT_SECRET missing"),
                detected("t2", "inc-9"));
        List<Payload.RecordPosition> positions;
        try (var writer = new TimelineWriter(kafka, topics.topics)) {
            positions = writer.writeAll(events);
            // A retried write is the same fact: same id (the producer's idempotence covers its own retries).
            assertThat(writer.write(detected("t1", "inc-1")).topic()).isEqualTo(topics.topics.name(Topic.TIMELINE));
        }
        assertThat(positions.get(0).partition()).as("one incident, one partition").isEqualTo(positions.get(1).partition());

        try (var reader = new TimelineReader(kafka, topics.topics, READER, 500)) {
            var read = readAll(reader).stream().flatMap(b -> b.records().stream()).map(TimelineRecord::event)
                    .filter(e -> e.tenantId().equals("t1") || e.tenantId().equals("t2")).toList();
            assertThat(read).containsSubsequence(events.get(0), events.get(1));
            assertThat(read).contains(events.get(2));
            assertThat(read.stream().filter(e -> e.equals(events.get(0)))).hasSize(2);
        }
    }

    @Test
    void badRecordsBecomeEventRejectedAndTheRecordsAfterThemAreStillRead() throws Exception {
        var codec = new EventCodec();
        var json = JsonMapper.builder().build();
        var good = detected("t3", "inc-3");
        var goodBytes = codec.encode(good);
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        var noTenant = (ObjectNode) json.readTree(goodBytes);
        noTenant.remove("tenant_id");
        bad.put("tenant_id is missing", json.writeValueAsBytes(noTenant));
        var unknownType = (ObjectNode) json.readTree(goodBytes);
        unknownType.put("event_type", "IncidentExploded");
        bad.put("event_type 'IncidentExploded' is unknown", json.writeValueAsBytes(unknownType));
        var badPayload = (ObjectNode) json.readTree(goodBytes);
        ((ObjectNode) badPayload.get("payload")).remove("service");
        bad.put("payload does not match IncidentDetected: service is missing", json.writeValueAsBytes(badPayload));
        var oversized = (ObjectNode) json.readTree(goodBytes);
        ((ObjectNode) oversized.get("payload")).put("title", "x".repeat(1_100_000));
        bad.put("over the limit of 1048576", json.writeValueAsBytes(oversized));
        var otherTenant = (ObjectNode) json.readTree(goodBytes);
        otherTenant.put("tenant_id", "t4");
        bad.put("the record key's tenant 't3' differs from tenant_id 't4'", json.writeValueAsBytes(otherTenant));
        bad.put("not JSON", "\u0000\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1));

        // A raw producer that bypasses our validation writes each bad record, then a good one, on one partition.
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        var timeline = topics.topics.name(Topic.TIMELINE);
        try (var raw = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (var value : bad.values()) {
                raw.send(new ProducerRecord<>(timeline, 0, "t3/inc-3", value)).get(30, TimeUnit.SECONDS);
            }
            raw.send(new ProducerRecord<>(timeline, 0, "t3/inc-3", goodBytes)).get(30, TimeUnit.SECONDS);
        }

        List<Event> rejections;
        try (var reader = new TimelineReader(kafka, topics.topics, READER, 500)) {
            var batches = readAll(reader);
            rejections = batches.stream().flatMap(b -> b.rejections().stream()).toList();
            var goodRead = batches.stream().flatMap(b -> b.records().stream())
                    .filter(r -> r.topic().equals(timeline) && r.partition() == 0 && r.event().equals(good)).toList();
            assertThat(goodRead).as("the good record after the bad ones is read").hasSize(1);
        }
        var reasons = rejections.stream().map(e -> ((Payload.EventRejected) e.payload()).reason()).toList();
        for (var expected : bad.keySet()) {
            assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains(expected));
        }
        var oversizedRejection = rejections.stream().map(e -> (Payload.EventRejected) e.payload())
                .filter(p -> p.reason().contains("over the limit")).findFirst().orElseThrow();
        assertThat(oversizedRejection.length()).isGreaterThan(1_100_000);
        assertThat(oversizedRejection.prefix().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024 * 3);
        assertThat(oversizedRejection.sha256()).hasSize(64);
        assertThat(rejections).allSatisfy(e -> assertThat(e.tenantId()).isEqualTo("t3"));

        // Publishing the rejections twice (a replay meets the same records) records the same facts again.
        try (var writer = new TimelineWriter(kafka, topics.topics)) {
            writer.writeAll(rejections);
            writer.writeAll(rejections);
        }
        try (var reader = new TimelineReader(kafka, topics.topics, READER, 500)) {
            var internal = topics.topics.name(Topic.INTERNAL);
            var published = readAll(reader).stream().flatMap(b -> b.records().stream())
                    .filter(r -> r.topic().equals(internal)).map(r -> r.event()).toList();
            assertThat(published).hasSize(2 * rejections.size());
            assertThat(published.stream().map(Event::eventId).distinct()).hasSize(rejections.size());
        }
    }
}
