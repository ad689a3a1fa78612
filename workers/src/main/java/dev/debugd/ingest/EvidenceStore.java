package dev.debugd.ingest;

import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.ClickHouseSql;
import dev.debugd.signature.ErrorSignature;
import dev.debugd.signature.GroupingSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * Stores a batch of evidence exactly once. ClickHouse's views count every inserted block, so a retried batch must
 * not reach them again (ARCHITECTURE §7): each batch is claimed in Postgres before its rows go to ClickHouse and
 * marked stored after, under an advisory lock that makes concurrent retries wait. A claim left by a crash or an
 * outage is finished by the next retry, which asks ClickHouse which of the batch's tables already hold its rows
 * (each table's rows go in one insert, which ClickHouse applies whole). Rows whose bucket had closed when they
 * came go to late_arrivals instead, so a closed bucket never changes.
 */
public final class EvidenceStore {

    /** What became of a batch. */
    public sealed interface Outcome {}

    /** Stored now. */
    public record Stored(Counts counts) implements Outcome {}

    /** Stored before, under the same id and the same content: acknowledged, nothing inserted. */
    public record Duplicate(Counts counts) implements Outcome {}

    /** The id was used before for other content. */
    public record Conflict(String reason) implements Outcome {}

    /** @param late rows kept in late_arrivals because their bucket had closed */
    public record Counts(String batchId, int logs, int exceptions, int requests, int late) {}

    private static final List<String> TABLES = List.of("log_lines", "exceptions", "requests");

    private final ClickHouseHttp clickhouse;
    private final DataSource postgres;
    private final BucketGrid grid;
    private final BiFunction<String, Instant, GroupingSettings> grouping;
    private final Clock clock;

    /** @param grouping a tenant's grouping settings as of a moment, which its evidence of that moment is signed under */
    public EvidenceStore(ClickHouseHttp clickhouse, DataSource postgres, BucketGrid grid,
            BiFunction<String, Instant, GroupingSettings> grouping,
            Clock clock) {
        this.clickhouse = clickhouse;
        this.postgres = postgres;
        this.grid = grid;
        this.grouping = grouping;
        this.clock = clock;
    }

    /** The signature this tenant's exception is stored with: signed under its grouping settings as of its time. */
    public String signatureOf(String tenant, ExceptionEvent exception) {
        return ErrorSignature.of(exception, grouping.apply(tenant, exception.timestamp()));
    }

    public Outcome store(String tenant, String batchId, byte[] contentSha256, Evidence evidence)
            throws IOException, InterruptedException, SQLException {
        try (var connection = postgres.getConnection()) {
            connection.setAutoCommit(true);
            var lockKey = tenant + "/" + batchId;
            try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, lockKey);
                lock.execute();
            }
            try {
                return storeLocked(connection, tenant, batchId, contentSha256, evidence);
            } finally {
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                    unlock.setString(1, lockKey);
                    unlock.execute();
                }
            }
        }
    }

    private record Claim(boolean fresh, byte[] contentSha256, Instant receivedAt, boolean stored, Counts counts) {}

    private Outcome storeLocked(Connection connection, String tenant, String batchId, byte[] contentSha256,
            Evidence evidence) throws IOException, InterruptedException, SQLException {
        var claim = claim(connection, tenant, batchId, contentSha256);
        if (!Arrays.equals(claim.contentSha256(), contentSha256)) {
            return new Conflict("batch_id '" + batchId + "' was used before for different content");
        }
        if (claim.stored()) {
            return new Duplicate(claim.counts());
        }
        // A fresh claim was made just now and has nothing in ClickHouse. An old one (a crash, or an outage, cut
        // it off) may have some tables there already; its other rows are judged late or not as of now, so a bucket
        // that closed meanwhile is not added to.
        var now = claim.fresh() ? claim.receivedAt() : clock.instant();
        var rows = EvidenceRows.of(tenant, batchId, evidence, moment -> grouping.apply(tenant, moment));
        var stored = new LinkedHashMap<String, Integer>();
        int late = 0;
        for (var table : TABLES) {
            var ofTable = rows.stream().filter(row -> row.table().equals(table)).toList();
            if (ofTable.isEmpty() || (!claim.fresh() && holds(table, tenant, batchId))) {
                stored.put(table, (int) ofTable.stream().filter(row -> !grid.isLate(row.timestamp(), claim.receivedAt())).count());
                continue;
            }
            var lateRows = new ArrayList<String>();
            var onTime = new ArrayList<String>();
            var alreadyLate = claim.fresh() ? new HashMap<String, Integer>() : lateRowsHeld(table, tenant, batchId);
            for (var row : ofTable) {
                if (!grid.isLate(row.timestamp(), now)) {
                    onTime.add(row.json());
                } else if (alreadyLate.merge(row.json(), -1, Integer::sum) < 0) {
                    lateRows.add(EvidenceRows.late(tenant, batchId, row, now));
                }
            }
            // Late rows first: once a table holds the batch's rows, its late ones are stored too.
            clickhouse.insert("late_arrivals", lateRows);
            clickhouse.insert(table, onTime);
            stored.put(table, onTime.size());
            late += ofTable.size() - onTime.size();
        }
        var counts = new Counts(batchId, stored.getOrDefault("log_lines", 0), stored.getOrDefault("exceptions", 0),
                stored.getOrDefault("requests", 0), late);
        try (var done = connection.prepareStatement("UPDATE ingest.batches SET stored = true, logs = ?, exceptions = ?,"
                + " requests = ?, late = ? WHERE tenant_id = ? AND batch_id = ?")) {
            done.setInt(1, counts.logs());
            done.setInt(2, counts.exceptions());
            done.setInt(3, counts.requests());
            done.setInt(4, counts.late());
            done.setString(5, tenant);
            done.setString(6, batchId);
            done.executeUpdate();
        }
        return new Stored(counts);
    }

    private Claim claim(Connection connection, String tenant, String batchId, byte[] contentSha256) throws SQLException {
        var receivedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try (var insert = connection.prepareStatement("INSERT INTO ingest.batches (tenant_id, batch_id, body_sha256, received_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, tenant);
            insert.setString(2, batchId);
            insert.setBytes(3, contentSha256);
            insert.setTimestamp(4, Timestamp.from(receivedAt));
            if (insert.executeUpdate() == 1) {
                return new Claim(true, contentSha256, receivedAt, false, null);
            }
        }
        try (var select = connection.prepareStatement("SELECT body_sha256, received_at, stored, logs, exceptions, requests, late"
                + " FROM ingest.batches WHERE tenant_id = ? AND batch_id = ?")) {
            select.setString(1, tenant);
            select.setString(2, batchId);
            try (var row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("batch " + tenant + "/" + batchId + " vanished from ingest.batches while locked");
                }
                return new Claim(false, row.getBytes(1), row.getTimestamp(2).toInstant(), row.getBoolean(3),
                        new Counts(batchId, row.getInt(4), row.getInt(5), row.getInt(6), row.getInt(7)));
            }
        }
    }

    /** Whether a table holds rows of the batch (asked only after a crash or an outage: a scan of the tenant's rows). */
    private boolean holds(String table, String tenant, String batchId) throws IOException, InterruptedException {
        var present = clickhouse.query("SELECT count() AS n FROM " + ClickHouseSql.identifier(table) + " WHERE tenant_id = "
                + ClickHouseSql.quote(tenant) + " AND batch_id = " + ClickHouseSql.quote(batchId));
        return present.get(0).get("n").asLong() > 0;
    }

    /** The late rows of one table a cut-off attempt stored already, counted by their text. */
    private Map<String, Integer> lateRowsHeld(String table, String tenant, String batchId) throws IOException, InterruptedException {
        var held = new HashMap<String, Integer>();
        for (var row : clickhouse.query("SELECT row FROM late_arrivals WHERE tenant_id = " + ClickHouseSql.quote(tenant)
                + " AND batch_id = " + ClickHouseSql.quote(batchId) + " AND kind = " + ClickHouseSql.quote(table))) {
            held.merge(row.get("row").asString(), 1, Integer::sum);
        }
        return held;
    }

    /** A batch id for a body that came without one: retrying the same body is then recognised. */
    public static String contentBatchId(String prefix, byte[] contentSha256) {
        return prefix + HexFormat.of().formatHex(contentSha256, 0, 16);
    }
}
