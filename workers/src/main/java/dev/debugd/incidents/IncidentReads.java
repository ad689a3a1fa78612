package dev.debugd.incidents;

import dev.debugd.config.ConfigHistory;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.readmodel.ReadModelStore;
import dev.debugd.timeline.TimelineRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads of the live read model for the API, one tenant at a time: never over Kafka, never writing. A page is one
 * query on the (tenant, detected_at, incident_id) index, with only the filters asked for in its WHERE.
 */
public final class IncidentReads {

    /** One row of the list. */
    public record Summary(String incidentId, String status, int cycle, String service, String signature, String rule,
            String title, Instant detectedAt, Instant lastEventAt, String topHypothesis, String topCategory, Double topConfidence) {}

    /** A page and the cursor of the next one (empty on the last page). */
    public record Page(List<Summary> incidents, Optional<IncidentQuery.Cursor> next) {}

    /** An incident's view and its events in timeline order, each as stored (JSON). */
    public record Detail(Summary summary, String view, List<String> events) {}

    private static final String COLUMNS = "incident_id, status, cycle, service, signature, rule, view -> 'detection' ->> 'title',"
            + " detected_at, last_event_at, top_hypothesis, top_category, top_confidence";

    private final DataSource dataSource;
    private final String schema;
    private final ReadModelStore store;

    public IncidentReads(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = ReadModelSchemas.checked(schema);
        this.store = new ReadModelStore(schema);
    }

    public Page page(String tenant, IncidentQuery query) throws SQLException {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + schema + ".incidents WHERE tenant_id = ?"
                + " AND detected_at IS NOT NULL");
        var values = new ArrayList<Object>();
        values.add(tenant);
        if (!query.statuses().isEmpty()) {
            sql.append(" AND status = ANY (?)");
            values.add(query.statuses().stream().map(Enum::name).toArray(String[]::new));
        }
        query.service().ifPresent(service -> {
            sql.append(" AND service = ?");
            values.add(service);
        });
        query.rule().ifPresent(rule -> {
            sql.append(" AND rule = ?");
            values.add(rule);
        });
        query.category().ifPresent(category -> {
            sql.append(" AND top_category = ?");
            values.add(category.wire());
        });
        query.since().ifPresent(since -> {
            sql.append(" AND detected_at >= ?");
            values.add(Timestamp.from(since));
        });
        query.until().ifPresent(until -> {
            sql.append(" AND detected_at < ?");
            values.add(Timestamp.from(until));
        });
        query.after().ifPresent(cursor -> {
            sql.append(" AND (detected_at, incident_id) < (?, ?)");
            values.add(Timestamp.from(cursor.detectedAt()));
            values.add(cursor.incidentId());
        });
        sql.append(" ORDER BY detected_at DESC, incident_id DESC LIMIT ?");
        values.add(query.limit() + 1); // one more tells whether a next page exists
        var rows = new ArrayList<Summary>();
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                var value = values.get(i);
                if (value instanceof String[] array) {
                    select.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    select.setObject(i + 1, value);
                }
            }
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(summary(rs));
                }
            }
        }
        if (rows.size() <= query.limit()) {
            return new Page(rows, Optional.empty());
        }
        var page = rows.subList(0, query.limit());
        var last = page.get(page.size() - 1);
        return new Page(List.copyOf(page), Optional.of(new IncidentQuery.Cursor(last.detectedAt(), last.incidentId())));
    }

    /** The tenant's incident with its events, ordered by cycle, time and event id; empty when the tenant has none by this id. */
    public Optional<Detail> detail(String tenant, String incidentId) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            Summary summary;
            String view;
            try (var select = connection.prepareStatement("SELECT " + COLUMNS + ", view::text FROM " + schema + ".incidents"
                    + " WHERE tenant_id = ? AND incident_id = ?")) {
                select.setString(1, tenant);
                select.setString(2, incidentId);
                try (var rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    summary = summary(rs);
                    view = rs.getString(13);
                }
            }
            var events = new ArrayList<String>();
            try (var select = connection.prepareStatement("SELECT event::text FROM " + schema + ".timeline_events"
                    + " WHERE tenant_id = ? AND incident_id = ? ORDER BY cycle, event_time, event_id")) {
                select.setString(1, tenant);
                select.setString(2, incidentId);
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        events.add(rs.getString(1));
                    }
                }
            }
            return Optional.of(new Detail(summary, view, events));
        }
    }

    /** The tenant's incident's records, one per event (the winner of each), without ContextBuilt's context; empty if none. */
    public List<TimelineRecord> records(String tenant, String incidentId) throws SQLException {
        var key = new ReadModelStore.IncidentKey(tenant, incidentId);
        try (var connection = dataSource.getConnection()) {
            return store.recordsOf(connection, List.of(key)).getOrDefault(key, List.of());
        }
    }

    /** The tenant's resources as its configuration facts recorded them, with their health from its events since then. */
    public TenantHealth.Report health(String tenant, Instant since) throws SQLException {
        var configuration = new ReadModelStore.IncidentKey(tenant, ConfigFacts.CONFIG_INCIDENT);
        try (var connection = dataSource.getConnection()) {
            var history = new ConfigHistory(tenant);
            store.recordsOf(connection, List.of(configuration)).getOrDefault(configuration, List.of()).stream()
                    .filter(record -> ConfigHistory.isConfiguration(record.event())).forEach(history::add);
            var recent = store.recordsOfTenant(connection, tenant, since, TenantHealth.EVENT_TYPES).stream()
                    .map(TimelineRecord::event).toList();
            return TenantHealth.of(tenant, history, recent);
        }
    }

    private static Summary summary(ResultSet rs) throws SQLException {
        var confidence = rs.getDouble(12);
        return new Summary(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getString(10), rs.getString(11),
                rs.wasNull() ? null : confidence);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
