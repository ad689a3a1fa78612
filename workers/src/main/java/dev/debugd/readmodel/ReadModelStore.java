package dev.debugd.readmodel;

import dev.debugd.projection.IncidentView;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.TimelineRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** SQL of the read model, on a connection the caller owns (so that rows and offsets share one transaction). */
public final class ReadModelStore {

    /** An incident's identity. */
    public record IncidentKey(String tenantId, String incidentId) {}

    /** A stored event as text, without ContextBuilt's context: views need only that it exists. */
    private static final String WITHOUT_CONTEXT = "(CASE WHEN event_type = 'ContextBuilt'"
            + " THEN jsonb_set(event, '{payload,context}', '{}'::jsonb) ELSE event END)::text";

    private final String schema;
    private final EventCodec codec = new EventCodec();
    private final JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    public ReadModelStore(String schema) {
        this.schema = ReadModelSchemas.checked(schema);
    }

    /** Stores each event once: of two records with one event id, the lower offset's stays. */
    public void upsertEvents(Connection connection, List<TimelineRecord> batch) throws SQLException {
        // One row per event id per statement: a multi-row upsert may not touch a row twice.
        var lowest = new LinkedHashMap<java.util.UUID, TimelineRecord>();
        for (var record : batch) {
            lowest.merge(record.event().eventId(), record, (a, b) -> b.winsOver(a) ? b : a);
        }
        var records = lowest.values();
        try (var upsert = connection.prepareStatement("INSERT INTO " + schema + ".timeline_events"
                + " (event_id, tenant_id, incident_id, topic, partition, \"offset\", event_type, cycle, event_time, event)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " ON CONFLICT (event_id) DO UPDATE SET topic = EXCLUDED.topic, partition = EXCLUDED.partition,"
                + " \"offset\" = EXCLUDED.\"offset\", event = EXCLUDED.event, event_time = EXCLUDED.event_time"
                + " WHERE (EXCLUDED.\"offset\", EXCLUDED.partition) < (timeline_events.\"offset\", timeline_events.partition)")) {
            for (var record : records) {
                var event = record.event();
                upsert.setObject(1, event.eventId());
                upsert.setString(2, event.tenantId());
                upsert.setString(3, event.incidentId());
                upsert.setString(4, record.topic());
                upsert.setInt(5, record.partition());
                upsert.setLong(6, record.offset());
                upsert.setString(7, event.eventType());
                upsert.setInt(8, event.cycle());
                upsert.setTimestamp(9, Timestamp.from(event.time()));
                upsert.setString(10, new String(codec.encode(event), StandardCharsets.UTF_8));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Receives one incident's stored records. */
    public interface IncidentRecords {
        void accept(IncidentKey incident, List<TimelineRecord> records) throws SQLException;
    }

    /** Every incident (not _config or _unknown) with its records, streamed in incident order. */
    public void forEachIncident(Connection connection, IncidentRecords consumer) throws SQLException {
        try (var select = connection.prepareStatement("SELECT tenant_id, incident_id, topic, partition, \"offset\", "
                + WITHOUT_CONTEXT + " FROM " + schema + ".timeline_events WHERE incident_id NOT LIKE '\\_%'"
                + " ORDER BY tenant_id, incident_id")) {
            select.setFetchSize(2000); // a cursor: the rows are not all held at once
            try (var rs = select.executeQuery()) {
                IncidentKey current = null;
                var records = new ArrayList<TimelineRecord>();
                while (rs.next()) {
                    var key = new IncidentKey(rs.getString(1), rs.getString(2));
                    if (current != null && !key.equals(current)) {
                        consumer.accept(current, records);
                        records = new ArrayList<>();
                    }
                    current = key;
                    records.add(record(key, rs.getString(3), rs.getInt(4), rs.getLong(5), rs.getString(6)));
                }
                if (current != null) {
                    consumer.accept(current, records);
                }
            }
        }
    }

    /** Every stored record of these incidents, without ContextBuilt's bulky context (views do not need it). */
    public Map<IncidentKey, List<TimelineRecord>> recordsOf(Connection connection, Collection<IncidentKey> incidents)
            throws SQLException {
        var result = new HashMap<IncidentKey, List<TimelineRecord>>();
        try (var select = connection.prepareStatement("SELECT e.tenant_id, e.incident_id, e.topic, e.partition, e.\"offset\", "
                + WITHOUT_CONTEXT + " FROM " + schema + ".timeline_events e"
                + " JOIN unnest(?::text[], ?::text[]) AS k(tenant_id, incident_id)"
                + " ON e.tenant_id = k.tenant_id AND e.incident_id = k.incident_id")) {
            select.setArray(1, connection.createArrayOf("text", incidents.stream().map(IncidentKey::tenantId).toArray()));
            select.setArray(2, connection.createArrayOf("text", incidents.stream().map(IncidentKey::incidentId).toArray()));
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    var key = new IncidentKey(rs.getString(1), rs.getString(2));
                    result.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(record(key, rs.getString(3), rs.getInt(4), rs.getLong(5), rs.getString(6)));
                }
            }
        }
        return result;
    }

    /** A tenant's records of these event types whose time is at or after {@code since}, in time order, without contexts. */
    public List<TimelineRecord> recordsOfTenant(Connection connection, String tenant, Instant since, Collection<String> eventTypes)
            throws SQLException {
        var records = new ArrayList<TimelineRecord>();
        try (var select = connection.prepareStatement("SELECT incident_id, topic, partition, \"offset\", " + WITHOUT_CONTEXT
                + " FROM " + schema + ".timeline_events WHERE tenant_id = ? AND event_time >= ? AND event_type = ANY (?)"
                + " ORDER BY event_time, event_id")) {
            select.setString(1, tenant);
            select.setTimestamp(2, Timestamp.from(since));
            select.setArray(3, connection.createArrayOf("text", eventTypes.toArray()));
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    records.add(record(new IncidentKey(tenant, rs.getString(1)), rs.getString(2), rs.getInt(3), rs.getLong(4),
                            rs.getString(5)));
                }
            }
        }
        return records;
    }

    private TimelineRecord record(IncidentKey key, String topic, int partition, long offset, String event) {
        var decoding = codec.decode(key.tenantId() + "/" + key.incidentId(), event.getBytes(StandardCharsets.UTF_8));
        if (!(decoding instanceof Decoding.Decoded decoded)) {
            throw new IllegalStateException("a stored event no longer decodes: " + decoding);
        }
        return new TimelineRecord(decoded.event(), topic, partition, offset);
    }

    /** Stores the views, with the time of each incident's latest event (never the wall clock). */
    public void upsertIncidents(Connection connection, Map<IncidentKey, IncidentView> views, Map<IncidentKey, Instant> lastEventAt)
            throws SQLException {
        try (var upsert = connection.prepareStatement("INSERT INTO " + schema + ".incidents"
                + " (tenant_id, incident_id, status, cycle, service, signature, detected_at, last_event_at, event_count, view,"
                + " rule, top_hypothesis, top_category, top_confidence)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id, incident_id) DO UPDATE SET status = EXCLUDED.status, cycle = EXCLUDED.cycle,"
                + " service = EXCLUDED.service, signature = EXCLUDED.signature, detected_at = EXCLUDED.detected_at,"
                + " last_event_at = EXCLUDED.last_event_at, event_count = EXCLUDED.event_count, view = EXCLUDED.view,"
                + " rule = EXCLUDED.rule, top_hypothesis = EXCLUDED.top_hypothesis, top_category = EXCLUDED.top_category,"
                + " top_confidence = EXCLUDED.top_confidence")) {
            for (var entry : views.entrySet()) {
                var view = entry.getValue();
                var detection = view.detection();
                upsert.setString(1, view.tenantId());
                upsert.setString(2, view.incidentId());
                upsert.setString(3, view.status().name());
                upsert.setInt(4, view.cycle());
                upsert.setString(5, detection == null ? null : detection.service());
                upsert.setString(6, detection == null ? null : detection.signature());
                upsert.setTimestamp(7, detection == null ? null : Timestamp.from(detection.detectedAt()));
                upsert.setTimestamp(8, Timestamp.from(lastEventAt.get(entry.getKey())));
                upsert.setInt(9, view.counts().values().stream().mapToInt(Integer::intValue).sum());
                upsert.setString(10, json.writeValueAsString(view));
                upsert.setString(11, detection == null ? null : detection.rule());
                var top = view.topHypothesis();
                upsert.setString(12, top.map(IncidentView.Hypothesis::hypothesis).orElse(null));
                upsert.setString(13, top.map(h -> h.category().wire()).orElse(null));
                upsert.setObject(14, top.map(IncidentView.Hypothesis::confidence).orElse(null), java.sql.Types.DOUBLE);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
