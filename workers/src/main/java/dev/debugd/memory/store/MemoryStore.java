package dev.debugd.memory.store;

import com.pgvector.PGvector;
import dev.debugd.memory.Embeddings;
import dev.debugd.memory.MemoryEntries;
import dev.debugd.memory.MemoryEntry;
import dev.debugd.memory.Neighbour;
import dev.debugd.projection.IncidentView;
import dev.debugd.store.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The memory table of a read-model schema (pgvector): one row per resolved cycle of an incident, with its text's
 * embedding. Kept by the projector in the transaction that projects the facts (so it is exactly as current as the
 * read model's stored offsets), searched by the context builder: an exact search by cosine distance, ordered by
 * (distance, incident id, cycle), within one tenant and before a time, so the same rows give the same answer.
 */
public final class MemoryStore {

    private final String table;
    private final String offsets;

    /** @param schema the read-model schema the memory is part of */
    public MemoryStore(String schema) {
        var checked = Postgres.checked(schema);
        this.table = checked + ".memory";
        this.offsets = checked + ".projector_offsets";
    }

    /**
     * Brings the memory of these incidents up to their views: each resolved cycle's entry, embedded again only when its
     * text changed (a late fact of the cycle). Returns how many entries were embedded.
     */
    public int keep(Connection connection, Collection<IncidentView> views, Embeddings embeddings) throws SQLException {
        int embedded = 0;
        for (var view : views) {
            var entries = MemoryEntries.of(view);
            if (entries.isEmpty()) {
                continue;
            }
            var stored = storedTexts(connection, view.tenantId(), view.incidentId());
            for (var entry : entries) {
                var text = entry.text();
                if (!text.equals(stored.get(entry.cycle()))) {
                    upsert(connection, entry, text, embeddings.embed(text));
                    embedded++;
                }
            }
        }
        return embedded;
    }

    private Map<Integer, String> storedTexts(Connection connection, String tenant, String incident) throws SQLException {
        var texts = new HashMap<Integer, String>();
        try (var select = connection.prepareStatement("SELECT cycle, text FROM " + table + " WHERE tenant_id = ? AND incident_id = ?")) {
            select.setString(1, tenant);
            select.setString(2, incident);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    texts.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return texts;
    }

    private void upsert(Connection connection, MemoryEntry entry, String text, float[] vector) throws SQLException {
        try (var upsert = connection.prepareStatement("INSERT INTO " + table + " (tenant_id, incident_id, cycle, service,"
                + " signature, title, detected_at, resolved_at, resolution, category, hypothesis, confidence, fix, verdict,"
                + " assessment, text, embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id, incident_id, cycle) DO UPDATE SET service = EXCLUDED.service,"
                + " signature = EXCLUDED.signature, title = EXCLUDED.title, detected_at = EXCLUDED.detected_at,"
                + " resolved_at = EXCLUDED.resolved_at, resolution = EXCLUDED.resolution, category = EXCLUDED.category,"
                + " hypothesis = EXCLUDED.hypothesis, confidence = EXCLUDED.confidence, fix = EXCLUDED.fix,"
                + " verdict = EXCLUDED.verdict, assessment = EXCLUDED.assessment, text = EXCLUDED.text,"
                + " embedding = EXCLUDED.embedding")) {
            int i = 0;
            upsert.setString(++i, entry.tenantId());
            upsert.setString(++i, entry.incidentId());
            upsert.setInt(++i, entry.cycle());
            upsert.setString(++i, entry.service());
            upsert.setString(++i, entry.signature());
            upsert.setString(++i, entry.title());
            upsert.setTimestamp(++i, Timestamp.from(entry.detectedAt()));
            upsert.setTimestamp(++i, Timestamp.from(entry.resolvedAt()));
            upsert.setString(++i, entry.resolution());
            upsert.setString(++i, entry.category());
            upsert.setString(++i, entry.hypothesis());
            upsert.setDouble(++i, entry.confidence());
            upsert.setString(++i, entry.fix());
            upsert.setString(++i, entry.verdict());
            upsert.setString(++i, entry.assessment());
            upsert.setString(++i, text);
            upsert.setObject(++i, new PGvector(vector));
            upsert.executeUpdate();
        }
    }

    /**
     * The {@code limit} entries of the tenant resolved before {@code before} nearest to {@code vector}, nearest first;
     * of two at the same distance, the lower incident id (then cycle) first.
     */
    public List<Neighbour> nearest(Connection connection, String tenant, Instant before, float[] vector, int limit)
            throws SQLException {
        var nearest = new ArrayList<Neighbour>();
        try (var select = connection.prepareStatement("SELECT tenant_id, incident_id, cycle, service, signature, title,"
                + " detected_at, resolved_at, resolution, category, hypothesis, confidence, fix, verdict, assessment,"
                + " embedding OPERATOR(public.<=>) ? AS distance FROM " + table
                + " WHERE tenant_id = ? AND resolved_at < ? ORDER BY distance, incident_id, cycle LIMIT ?")) {
            select.setObject(1, new PGvector(vector));
            select.setString(2, tenant);
            select.setTimestamp(3, Timestamp.from(before));
            select.setInt(4, limit);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    nearest.add(new Neighbour(new MemoryEntry(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getDouble(12), rs.getString(13),
                            rs.getString(14), rs.getString(15)), rs.getDouble(16)));
                }
            }
        }
        return nearest;
    }

    /** Every row's key and text, in key order: what a replay must give again. */
    public List<String> rows(Connection connection) throws SQLException {
        var rows = new ArrayList<String>();
        try (var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT tenant_id, incident_id,"
                + " cycle, resolved_at, text, embedding::text FROM " + table + " ORDER BY tenant_id, incident_id, cycle")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3) + " " + rs.getTimestamp(4).toInstant()
                        + "\n" + rs.getString(5) + "\n" + rs.getString(6));
            }
        }
        return rows;
    }

    /** How far the read model's projector has come towards some offsets of the timeline. */
    public enum CatchUp {
        /** Every partition projected up to its offset. */
        CAUGHT_UP,
        /** Some partition not yet. */
        BEHIND,
        /** The read model follows none of these partitions (its projector reads other topics, or none has started). */
        NOT_FOLLOWED
    }

    /** Whether the read model has projected every partition up to these offsets (the timeline's ends at some moment). */
    public CatchUp catchUp(Connection connection, Map<TopicPartition, Long> ends) throws SQLException {
        var stored = new HashMap<TopicPartition, Long>();
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT topic, partition, next_offset FROM " + offsets)) {
            while (rs.next()) {
                stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        if (ends.keySet().stream().noneMatch(stored::containsKey)) {
            return CatchUp.NOT_FOLLOWED;
        }
        return ends.entrySet().stream().allMatch(end -> stored.getOrDefault(end.getKey(), 0L) >= end.getValue())
                ? CatchUp.CAUGHT_UP : CatchUp.BEHIND;
    }
}
