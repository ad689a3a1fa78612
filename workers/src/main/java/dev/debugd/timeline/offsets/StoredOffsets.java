package dev.debugd.timeline.offsets;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka reader's positions kept in Postgres, beside what it writes, so both commit in one transaction (no consumer
 * group: partitions are assigned explicitly). Each writer that starts claims the next epoch from a sequence; an
 * update only succeeds from the offset the writer expects, by a writer at least as new, which fences a stale one.
 * The table has columns (topic, partition, next_offset, writer_epoch).
 */
public final class StoredOffsets {

    private static final Pattern QUALIFIED = Pattern.compile("[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}");

    /** A partition's offset as this writer read it, and where it goes on from after this transaction. */
    public record OffsetMove(long from, long to) {}

    private final String table;
    private final String epochSequence;

    /** @param table and epochSequence as schema.name */
    public StoredOffsets(String table, String epochSequence) {
        for (var name : new String[] {table, epochSequence}) {
            if (!QUALIFIED.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' must be schema.name in lower case");
            }
        }
        this.table = table;
        this.epochSequence = epochSequence;
    }

    /** The next writer epoch; every writer that starts takes one. */
    public long claimEpoch(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT nextval('" + epochSequence + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Where to go on from in each partition; partitions seen for the first time start at 0. */
    public Map<TopicPartition, Long> load(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO " + table
                + " (topic, partition, next_offset, writer_epoch) VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING")) {
            for (var partition : partitions) {
                insert.setString(1, partition.topic());
                insert.setInt(2, partition.partition());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        var offsets = new HashMap<TopicPartition, Long>();
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT topic, partition, next_offset FROM " + table)) {
            while (rs.next()) {
                var partition = new TopicPartition(rs.getString(1), rs.getInt(2));
                if (partitions.contains(partition)) {
                    offsets.put(partition, rs.getLong(3));
                }
            }
        }
        return offsets;
    }

    /**
     * Whether this writer is still the newest: no newer one has moved an offset. Locks every offset until the
     * transaction ends, so none moves meanwhile; for a transaction that writes without moving offsets.
     */
    public boolean holds(Connection connection, long epoch) throws SQLException {
        try (var claim = connection.prepareStatement("UPDATE " + table + " SET writer_epoch = ? WHERE writer_epoch <= ?");
                var newer = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE writer_epoch > ?")) {
            claim.setLong(1, epoch);
            claim.setLong(2, epoch);
            claim.executeUpdate();
            newer.setLong(1, epoch);
            try (var rs = newer.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    /** Moves the offsets; false when another writer moved one first or a newer writer started (this one is stale). */
    public boolean advance(Connection connection, Map<TopicPartition, OffsetMove> moves, long epoch) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE " + table
                + " SET next_offset = ?, writer_epoch = ? WHERE topic = ? AND partition = ? AND next_offset = ?"
                + " AND writer_epoch <= ?")) {
            for (var entry : moves.entrySet()) {
                update.setLong(1, entry.getValue().to());
                update.setLong(2, epoch);
                update.setString(3, entry.getKey().topic());
                update.setInt(4, entry.getKey().partition());
                update.setLong(5, entry.getValue().from());
                update.setLong(6, epoch);
                update.addBatch();
            }
            for (int count : update.executeBatch()) {
                if (count != 1) {
                    return false;
                }
            }
            return true;
        }
    }
}
