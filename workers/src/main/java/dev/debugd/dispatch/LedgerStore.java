package dev.debugd.dispatch;

import dev.debugd.dispatch.rules.DispatchRules;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.workqueue.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** SQL of the task ledger, on a connection the caller owns (so rows and offsets share one transaction). */
public final class LedgerStore {

    public static final String SCHEMA = "ledger";

    private final String schema;
    private final EventCodec codec = new EventCodec();

    /** A task to send: its key, queue and message body. */
    public record Task(String key, String queue, String message) {}

    public LedgerStore(String schema) {
        this.schema = Postgres.checked(schema);
    }

    public String schema() {
        return schema;
    }

    /** Records required work; of two records of one key the lower offset's stays. */
    public void require(Connection connection, Collection<TimelineRecord> requests) throws SQLException {
        try (var upsert = connection.prepareStatement("INSERT INTO " + schema + ".tasks (task_key, tenant_id, incident_id,"
                + " task_type, queue, requested_topic, requested_partition, requested_offset, message, cycle)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_key) DO UPDATE SET requested_topic = EXCLUDED.requested_topic,"
                + " requested_partition = EXCLUDED.requested_partition, requested_offset = EXCLUDED.requested_offset,"
                + " message = EXCLUDED.message, queue = EXCLUDED.queue,"
                + " task_type = EXCLUDED.task_type WHERE EXCLUDED.requested_offset < tasks.requested_offset")) {
            for (var record : requests) {
                var event = record.event();
                var task = (Payload.TaskRequested) event.payload();
                upsert.setString(1, task.taskKey());
                upsert.setString(2, event.tenantId());
                upsert.setString(3, event.incidentId());
                upsert.setString(4, task.taskType());
                upsert.setString(5, task.queue());
                upsert.setString(6, record.topic());
                upsert.setInt(7, record.partition());
                upsert.setLong(8, record.offset());
                upsert.setString(9, TaskMessage.of(event).toJson());
                upsert.setInt(10, event.cycle());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        settle(connection, requests.stream().map(r -> ((Payload.TaskRequested) r.event().payload()).taskKey()).toList());
    }

    /**
     * Flags tasks among these keys that are done, abandoned or of a closed cycle (the marks and the closing fact may
     * have been read before the request).
     */
    private void settle(Connection connection, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (var update = connection.prepareStatement("UPDATE " + schema + ".tasks t SET settled = true WHERE t.task_key = ANY (?)"
                + " AND NOT t.settled AND (EXISTS (SELECT 1 FROM " + schema + ".done_keys d WHERE d.task_key = t.task_key)"
                + " OR EXISTS (SELECT 1 FROM " + schema + ".abandoned_keys a WHERE a.task_key = t.task_key)"
                + " OR EXISTS (SELECT 1 FROM " + schema + ".closed_cycles c WHERE c.tenant_id = t.tenant_id"
                + " AND c.incident_id = t.incident_id AND t.cycle <= c.closed_through))")) {
            update.setArray(1, connection.createArrayOf("text", keys.toArray()));
            update.executeUpdate();
        }
    }

    /** Marks keys done (an output exists) or abandoned (TaskAbandoned exists). */
    public void mark(Connection connection, String table, Collection<Event> events, java.util.function.Function<Event, String> key)
            throws SQLException {
        if (!table.equals("done_keys") && !table.equals("abandoned_keys")) {
            throw new IllegalArgumentException("no such mark: " + table);
        }
        try (var insert = connection.prepareStatement("INSERT INTO " + schema + "." + table
                + " (task_key, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (var event : events) {
                insert.setString(1, key.apply(event));
                insert.setObject(2, event.eventId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        settle(connection, events.stream().map(key).toList());
    }

    /**
     * Closes cycles: those each fact closes ({@link DispatchRules#closesThrough(Event)}), and the cycle a void reopen
     * opened once both of its marks are stored ({@link DispatchRules.CycleMarks#closesThrough()}), whichever fact was
     * read first. Each incident's highest closed cycle is kept, and its required work up to it is settled. Returns how
     * many open tasks that settled.
     */
    public int closeCycles(Connection connection, Collection<Event> facts) throws SQLException {
        // One row per incident: a batch of upserts goes out as one statement, which may not touch a row twice.
        var through = new LinkedHashMap<List<String>, Integer>();
        for (var fact : facts) {
            if (DispatchRules.closesThrough(fact) > 0) {
                through.merge(List.of(fact.tenantId(), fact.incidentId()), DispatchRules.closesThrough(fact), Math::max);
            }
        }
        for (var marks : storeMarks(connection, facts)) {
            if (marks.closesThrough() > 0) {
                through.merge(List.of(marks.tenant(), marks.incident()), marks.closesThrough(), Math::max);
            }
        }
        try (var upsert = connection.prepareStatement("INSERT INTO " + schema + ".closed_cycles (tenant_id, incident_id,"
                + " closed_through) VALUES (?, ?, ?) ON CONFLICT (tenant_id, incident_id) DO UPDATE SET closed_through ="
                + " GREATEST(closed_cycles.closed_through, EXCLUDED.closed_through)");
                var settle = connection.prepareStatement("UPDATE " + schema + ".tasks SET settled = true WHERE tenant_id = ?"
                        + " AND incident_id = ? AND cycle <= ? AND NOT settled")) {
            for (var entry : through.entrySet()) {
                for (var statement : List.of(upsert, settle)) {
                    statement.setString(1, entry.getKey().get(0));
                    statement.setString(2, entry.getKey().get(1));
                    statement.setInt(3, entry.getValue());
                    statement.addBatch();
                }
            }
            upsert.executeBatch();
            return Arrays.stream(settle.executeBatch()).filter(count -> count > 0).sum();
        }
    }

    /** Stores the marks these facts set ({@link DispatchRules#marks}) and returns those cycles' marks as now stored. */
    private List<DispatchRules.CycleMarks> storeMarks(Connection connection, Collection<Event> facts) throws SQLException {
        var set = new LinkedHashMap<List<Object>, DispatchRules.CycleMarks>();
        for (var fact : facts) {
            DispatchRules.marks(fact).ifPresent(m -> set.merge(List.of(m.tenant(), m.incident(), m.cycle()), m,
                    DispatchRules.CycleMarks::and));
        }
        var stored = new ArrayList<DispatchRules.CycleMarks>();
        if (set.isEmpty()) {
            return stored;
        }
        try (var upsert = connection.prepareStatement("INSERT INTO " + schema + ".cycle_marks (tenant_id, incident_id, cycle,"
                + " reopened_by_resolver, closed_by_person) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, incident_id, cycle)"
                + " DO UPDATE SET reopened_by_resolver = cycle_marks.reopened_by_resolver OR EXCLUDED.reopened_by_resolver,"
                + " closed_by_person = cycle_marks.closed_by_person OR EXCLUDED.closed_by_person");
                var query = connection.prepareStatement("SELECT tenant_id, incident_id, cycle, reopened_by_resolver,"
                        + " closed_by_person FROM " + schema + ".cycle_marks WHERE (tenant_id, incident_id, cycle) IN"
                        + " (SELECT * FROM unnest(?::text[], ?::text[], ?::integer[]))")) {
            for (var marks : set.values()) {
                upsert.setString(1, marks.tenant());
                upsert.setString(2, marks.incident());
                upsert.setInt(3, marks.cycle());
                upsert.setBoolean(4, marks.reopenedByResolver());
                upsert.setBoolean(5, marks.closedByPerson());
                upsert.addBatch();
            }
            upsert.executeBatch();
            query.setArray(1, connection.createArrayOf("text", set.values().stream().map(DispatchRules.CycleMarks::tenant).toArray()));
            query.setArray(2, connection.createArrayOf("text", set.values().stream().map(DispatchRules.CycleMarks::incident).toArray()));
            query.setArray(3, connection.createArrayOf("integer", set.values().stream().map(DispatchRules.CycleMarks::cycle).toArray()));
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    stored.add(new DispatchRules.CycleMarks(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                            rs.getBoolean(5)));
                }
            }
        }
        return stored;
    }

    /** Whether a task needs no more work: its output was read, it was abandoned, or its cycle is closed. */
    public boolean isSettled(Connection connection, String key) throws SQLException {
        try (var query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + schema + ".done_keys WHERE task_key = ?)"
                + " OR EXISTS (SELECT 1 FROM " + schema + ".tasks WHERE task_key = ? AND settled)")) {
            query.setString(1, key);
            query.setString(2, key);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The messages of the required tasks with these keys, by key (absent: no such task was requested). */
    public Map<String, TaskMessage> tasks(Connection connection, Collection<String> keys) throws SQLException {
        var tasks = new HashMap<String, TaskMessage>();
        try (var query = connection.prepareStatement("SELECT task_key, message FROM " + schema + ".tasks WHERE task_key = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", keys.toArray()));
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    tasks.put(rs.getString(1), TaskMessage.parse(rs.getString(2)));
                }
            }
        }
        return tasks;
    }

    /** The event that settled each of these keys as done, by key (absent: not done). */
    public Map<String, UUID> doneBy(Connection connection, Collection<String> keys) throws SQLException {
        var done = new HashMap<String, UUID>();
        try (var query = connection.prepareStatement("SELECT task_key, event_id FROM " + schema + ".done_keys WHERE task_key = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", keys.toArray()));
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    done.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        return done;
    }

    /** Records where each ContextBuilt of these sits; a cycle's first record (its lowest offset, one partition) stays. */
    public void recordContexts(Connection connection, Collection<TimelineRecord> contexts) throws SQLException {
        if (contexts.isEmpty()) {
            return;
        }
        try (var insert = connection.prepareStatement("INSERT INTO " + schema + ".cycle_contexts (tenant_id, incident_id, cycle,"
                + " topic, partition, \"offset\") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, incident_id, cycle) DO UPDATE"
                + " SET topic = EXCLUDED.topic, partition = EXCLUDED.partition, \"offset\" = EXCLUDED.\"offset\""
                + " WHERE EXCLUDED.\"offset\" < cycle_contexts.\"offset\" AND EXCLUDED.topic = cycle_contexts.topic")) {
            var firstOfCycle = firstOfEach(contexts, r -> r.event().tenantId() + "/" + r.event().incidentId() + "/" + r.event().cycle());
            for (var record : firstOfCycle) {
                insert.setString(1, record.event().tenantId());
                insert.setString(2, record.event().incidentId());
                insert.setInt(3, record.event().cycle());
                insert.setString(4, record.topic());
                insert.setInt(5, record.partition());
                insert.setLong(6, record.offset());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Records where each RootCauseProposed of these sits, by event id; an event's first record (its lowest offset) stays. */
    public void recordRootCauses(Connection connection, Collection<TimelineRecord> rootCauses) throws SQLException {
        if (rootCauses.isEmpty()) {
            return;
        }
        try (var insert = connection.prepareStatement("INSERT INTO " + schema + ".root_causes (event_id, topic, partition,"
                + " \"offset\") VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET topic = EXCLUDED.topic,"
                + " partition = EXCLUDED.partition, \"offset\" = EXCLUDED.\"offset\""
                + " WHERE EXCLUDED.\"offset\" < root_causes.\"offset\" AND EXCLUDED.topic = root_causes.topic")) {
            for (var record : firstOfEach(rootCauses, r -> r.event().eventId())) {
                insert.setObject(1, record.event().eventId());
                insert.setString(2, record.topic());
                insert.setInt(3, record.partition());
                insert.setLong(4, record.offset());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Where the RootCauseProposed of this event id sits, if one was read. */
    public Optional<Payload.RecordPosition> rootCause(Connection connection, UUID eventId) throws SQLException {
        try (var query = connection.prepareStatement("SELECT topic, partition, \"offset\" FROM " + schema + ".root_causes"
                + " WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (var rs = query.executeQuery()) {
                return rs.next() ? Optional.of(new Payload.RecordPosition(rs.getString(1), rs.getInt(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The winning record of each key (the lowest offset): one statement may not touch a row twice, and a batch can hold
     * two records of one key (a worker's second run wrote its output again).
     */
    private static <K> Collection<TimelineRecord> firstOfEach(Collection<TimelineRecord> records, Function<TimelineRecord, K> key) {
        var first = new LinkedHashMap<K, TimelineRecord>();
        for (var record : records) {
            first.merge(key.apply(record), record, (kept, other) -> other.winsOver(kept) ? other : kept);
        }
        return first.values();
    }

    /** Where the ContextBuilt of an incident's cycle sits, if one was read. */
    public Optional<Payload.RecordPosition> context(Connection connection, String tenant, String incident, int cycle)
            throws SQLException {
        try (var query = connection.prepareStatement("SELECT topic, partition, \"offset\" FROM " + schema + ".cycle_contexts"
                + " WHERE tenant_id = ? AND incident_id = ? AND cycle = ?")) {
            query.setString(1, tenant);
            query.setString(2, incident);
            query.setInt(3, cycle);
            try (var rs = query.executeQuery()) {
                return rs.next() ? Optional.of(new Payload.RecordPosition(rs.getString(1), rs.getInt(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /** Which of these keys are already required. */
    public Set<String> required(Connection connection, Collection<String> keys) throws SQLException {
        return existing(connection, "tasks", "task_key", keys.toArray(String[]::new), "text");
    }

    /** Which of these triggers were met before (decided or waiting). */
    public Set<UUID> seen(Connection connection, Collection<UUID> triggers) throws SQLException {
        var seen = new HashSet<UUID>();
        for (var id : existing(connection, "decided_triggers", "event_id", triggers.toArray(UUID[]::new), "uuid")) {
            seen.add(UUID.fromString(id));
        }
        return seen;
    }

    /**
     * Records that triggers were met: decided (their tasks are recorded; a waiting one stops waiting) or waiting for
     * configuration.
     */
    public void met(Connection connection, Map<UUID, Boolean> decided) throws SQLException {
        try (var upsert = connection.prepareStatement("INSERT INTO " + schema + ".decided_triggers (event_id, decided)"
                + " VALUES (?, ?) ON CONFLICT (event_id) DO UPDATE SET decided = decided_triggers.decided OR EXCLUDED.decided");
                var unpend = connection.prepareStatement("DELETE FROM " + schema + ".pending_triggers WHERE trigger_event_id = ANY (?)")) {
            for (var entry : decided.entrySet()) {
                upsert.setObject(1, entry.getKey());
                upsert.setBoolean(2, entry.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
            unpend.setArray(1, connection.createArrayOf("uuid", decided.entrySet().stream().filter(Map.Entry::getValue)
                    .map(Map.Entry::getKey).toArray()));
            unpend.executeUpdate();
        }
    }

    private Set<String> existing(Connection connection, String table, String column, Object[] values, String type)
            throws SQLException {
        var found = new HashSet<String>();
        if (values.length == 0) {
            return found;
        }
        try (var query = connection.prepareStatement("SELECT " + column + " FROM " + schema + "." + table + " WHERE " + column
                + " = ANY (?)")) {
            query.setArray(1, connection.createArrayOf(type, values));
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** Where the recorded request of a key sits in Kafka (for a human's retry). */
    public Optional<Payload.RecordPosition> request(Connection connection, String key) throws SQLException {
        try (var query = connection.prepareStatement("SELECT requested_topic, requested_partition, requested_offset FROM "
                + schema + ".tasks WHERE task_key = ?")) {
            query.setString(1, key);
            try (var rs = query.executeQuery()) {
                return rs.next() ? Optional.of(new Payload.RecordPosition(rs.getString(1), rs.getInt(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /** A trigger waits for configuration, unless it was decided since (a DispatchFailed read back late). */
    public void addPending(Connection connection, String tenant, UUID triggerEventId, Payload.RecordPosition position)
            throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO " + schema + ".pending_triggers (trigger_event_id, tenant_id,"
                + " topic, partition, \"offset\") SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + schema
                + ".decided_triggers WHERE event_id = ? AND decided) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, triggerEventId);
            insert.setString(2, tenant);
            insert.setString(3, position.topic());
            insert.setInt(4, position.partition());
            insert.setLong(5, position.offset());
            insert.setObject(6, triggerEventId);
            insert.executeUpdate();
        }
    }

    /** Holds a trigger whole, to be decided later (read while the internal topic catches up). */
    public void hold(Connection connection, TimelineRecord trigger) throws SQLException {
        var event = trigger.event();
        try (var insert = connection.prepareStatement("INSERT INTO " + schema + ".pending_triggers (trigger_event_id, tenant_id,"
                + " topic, partition, \"offset\", record_key, event) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, event.tenantId());
            insert.setString(3, trigger.topic());
            insert.setInt(4, trigger.partition());
            insert.setLong(5, trigger.offset());
            insert.setString(6, event.recordKey());
            insert.setString(7, new String(codec.encode(event), StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    /** A tenant's held triggers ({@link #hold}) that are still waiting. */
    public List<TimelineRecord> held(Connection connection, String tenant) throws SQLException {
        var held = new ArrayList<TimelineRecord>();
        try (var query = connection.prepareStatement("SELECT topic, partition, \"offset\", record_key, event FROM " + schema
                + ".pending_triggers WHERE tenant_id = ? AND event IS NOT NULL ORDER BY topic, partition, \"offset\"")) {
            query.setString(1, tenant);
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    var event = decode(rs.getString(4), rs.getString(5));
                    held.add(new TimelineRecord(event, rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        }
        return held;
    }

    /** The tenants with waiting triggers. */
    public List<String> pendingTenants(Connection connection) throws SQLException {
        var tenants = new ArrayList<String>();
        try (var query = connection.prepareStatement("SELECT DISTINCT tenant_id FROM " + schema + ".pending_triggers"
                + " ORDER BY tenant_id"); var rs = query.executeQuery()) {
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
        }
        return tenants;
    }

    public List<Payload.RecordPosition> pending(Connection connection, String tenant) throws SQLException {
        var positions = new ArrayList<Payload.RecordPosition>();
        try (var query = connection.prepareStatement("SELECT topic, partition, \"offset\" FROM " + schema
                + ".pending_triggers WHERE tenant_id = ? ORDER BY topic, partition, \"offset\"")) {
            query.setString(1, tenant);
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    positions.add(new Payload.RecordPosition(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        }
        return positions;
    }

    public void storeConfig(Connection connection, Collection<TimelineRecord> facts) throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO " + schema + ".config_facts (event_id, tenant_id, record_key,"
                + " topic, partition, \"offset\", event) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
                + " topic = EXCLUDED.topic, partition = EXCLUDED.partition, \"offset\" = EXCLUDED.\"offset\", event = EXCLUDED.event"
                + " WHERE EXCLUDED.\"offset\" < config_facts.\"offset\"")) {
            for (var record : facts) {
                insert.setObject(1, record.event().eventId());
                insert.setString(2, record.event().tenantId());
                insert.setString(3, record.event().recordKey());
                insert.setString(4, record.topic());
                insert.setInt(5, record.partition());
                insert.setLong(6, record.offset());
                insert.setString(7, new String(codec.encode(record.event()), StandardCharsets.UTF_8));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public List<TimelineRecord> configFacts(Connection connection) throws SQLException {
        var facts = new ArrayList<TimelineRecord>();
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                "SELECT topic, partition, \"offset\", event, record_key FROM " + schema + ".config_facts")) {
            while (rs.next()) {
                facts.add(new TimelineRecord(decode(rs.getString(5), rs.getString(4)), rs.getString(1), rs.getInt(2),
                        rs.getLong(3)));
            }
        }
        return facts;
    }

    /**
     * Required work that is not settled (done, abandoned, or of a closed cycle) and was not sent within the lease,
     * oldest request first.
     */
    public List<Task> due(Connection connection, Instant now, Duration lease, int limit) throws SQLException {
        var tasks = new ArrayList<Task>();
        try (var query = connection.prepareStatement("SELECT task_key, queue, message FROM "
                + schema + ".tasks WHERE NOT settled AND (last_enqueued_at IS NULL OR last_enqueued_at <= ?)"
                + " ORDER BY last_enqueued_at NULLS FIRST, task_key LIMIT ?")) {
            query.setTimestamp(1, Timestamp.from(now.minus(lease)));
            query.setInt(2, limit);
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    tasks.add(new Task(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return tasks;
    }

    public void enqueued(Connection connection, Collection<String> keys, Instant at) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE " + schema + ".tasks SET last_enqueued_at = ?,"
                + " enqueue_count = enqueue_count + 1 WHERE task_key = ANY (?)")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setArray(2, connection.createArrayOf("text", keys.toArray()));
            update.executeUpdate();
        }
    }

    /** The queues that hold required work (whose dead-letter queues the sweeper watches). */
    public List<String> queues(Connection connection) throws SQLException {
        var queues = new ArrayList<String>();
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT DISTINCT queue FROM " + schema + ".tasks ORDER BY queue")) {
            while (rs.next()) {
                queues.add(rs.getString(1));
            }
        }
        return queues;
    }

    private Event decode(String recordKey, String json) {
        var decoding = codec.decode(recordKey, json.getBytes(StandardCharsets.UTF_8));
        if (decoding instanceof Decoding.Decoded decoded) {
            return decoded.event();
        }
        throw new IllegalStateException("the ledger holds an event that no longer decodes: " + ((Decoding.Rejected) decoding).reason());
    }
}
