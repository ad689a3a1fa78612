package dev.debugd.detect;

import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The next bucket to evaluate, per tenant and bucket width (Postgres schema {@code detector}). */
public final class DetectorCursors {

    public static final String SCHEMA = "detector";

    private final DataSource postgres;

    public DetectorCursors(DataSource postgres) {
        this.postgres = postgres;
    }

    public Optional<Long> next(String tenant, long bucketSeconds) throws SQLException {
        try (var connection = postgres.getConnection(); var select = connection.prepareStatement(
                "SELECT next_bucket FROM detector.cursors WHERE tenant_id = ? AND bucket_seconds = ?")) {
            select.setString(1, tenant);
            select.setLong(2, bucketSeconds);
            try (var rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    public void advance(String tenant, long bucketSeconds, long nextBucket) throws SQLException {
        try (var connection = postgres.getConnection(); var upsert = connection.prepareStatement(
                "INSERT INTO detector.cursors (tenant_id, bucket_seconds, next_bucket) VALUES (?, ?, ?)"
                        + " ON CONFLICT (tenant_id, bucket_seconds) DO UPDATE SET next_bucket = EXCLUDED.next_bucket")) {
            upsert.setString(1, tenant);
            upsert.setLong(2, bucketSeconds);
            upsert.setLong(3, nextBucket);
            upsert.executeUpdate();
        }
    }
}
