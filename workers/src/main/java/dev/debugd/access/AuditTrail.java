package dev.debugd.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/** Who did what ({@code settings.audit_trail}): every token change and every fact a person recorded through the API. */
public final class AuditTrail {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One entry; {@code actor} is a token's name, or "cli" for the command line. */
    public record Entry(long id, String tenant, Instant at, String actor, String action, String subject, Map<String, String> detail) {}

    private final DataSource dataSource;

    public AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds an entry of a token change on the caller's connection (so it commits with the change). */
    public static void add(Connection connection, String tenant, String actor, String action, String subject, Map<String, String> detail)
            throws SQLException {
        insert(connection, tenant, actor, action, subject, detail, null);
    }

    /** Adds the entry of a person's fact, once per event: a retried request that recorded the same event adds none. */
    public void addFact(String tenant, String actor, String action, String subject, Map<String, String> detail, UUID eventId)
            throws SQLException {
        try (var connection = dataSource.getConnection()) {
            insert(connection, tenant, actor, action, subject, detail, eventId);
        }
    }

    private static void insert(Connection connection, String tenant, String actor, String action, String subject,
            Map<String, String> detail, UUID eventId) throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO settings.audit_trail (tenant_id, actor, action, subject, detail,"
                + " event_id) VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (event_id) DO NOTHING")) {
            insert.setString(1, tenant);
            insert.setString(2, actor);
            insert.setString(3, action);
            insert.setString(4, subject);
            insert.setString(5, JSON.writeValueAsString(detail));
            insert.setObject(6, eventId);
            insert.executeUpdate();
        }
    }

    /** A tenant's entries, newest first: at most {@code limit}, older than entry {@code before} (0: from the newest). */
    public List<Entry> list(String tenant, int limit, long before) throws SQLException {
        var entries = new ArrayList<Entry>();
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement("SELECT id, at, actor, action,"
                + " subject, detail::text FROM settings.audit_trail WHERE tenant_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?")) {
            select.setString(1, tenant);
            select.setLong(2, before);
            select.setLong(3, before);
            select.setInt(4, limit);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> detail = JSON.readValue(rows.getString(6), Map.class);
                    entries.add(new Entry(rows.getLong(1), tenant, rows.getTimestamp(2).toInstant(), rows.getString(3),
                            rows.getString(4), rows.getString(5), detail));
                }
            }
        }
        return entries;
    }
}
