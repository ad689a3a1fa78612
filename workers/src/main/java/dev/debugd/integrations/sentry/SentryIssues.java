package dev.debugd.integrations.sentry;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The Sentry issues a tenant's Integrations told of ({@code ingest.sentry_issues}): the project and service of each,
 * and the signature of its events once one was stored.
 */
public final class SentryIssues {

    /** An issue as recorded; {@code signature} null until one of its events was stored. */
    public record Issue(String issueId, String shortId, String title, String project, String service, String signature) {}

    private static final String COLUMNS = "issue_id, short_id, title, project, service, signature";

    private final DataSource postgres;

    public SentryIssues(DataSource postgres) {
        this.postgres = postgres;
    }

    /** Records a new issue (an issue.created), keeping the signature an earlier event gave it. */
    public void link(String tenant, String integration, String issueId, String shortId, String title, String project, String service,
            Instant now) throws SQLException {
        try (var connection = postgres.getConnection(); var upsert = connection.prepareStatement(
                "INSERT INTO ingest.sentry_issues (tenant_id, issue_id, integration, short_id, title, project, service, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, issue_id) DO UPDATE SET integration = excluded.integration,"
                        + " short_id = excluded.short_id, title = excluded.title, project = excluded.project, service = excluded.service")) {
            upsert.setString(1, tenant);
            upsert.setString(2, issueId);
            upsert.setString(3, integration);
            upsert.setString(4, shortId);
            upsert.setString(5, title);
            upsert.setString(6, project);
            upsert.setString(7, service);
            upsert.setTimestamp(8, Timestamp.from(now));
            upsert.executeUpdate();
        }
    }

    /** Records the signature of an issue's event (the issue is recorded with what the event says if it was not yet). */
    public void signed(String tenant, String integration, String issueId, String title, String service, String signature,
            Instant now) throws SQLException {
        try (var connection = postgres.getConnection(); var upsert = connection.prepareStatement(
                "INSERT INTO ingest.sentry_issues (tenant_id, issue_id, integration, short_id, title, project, service, signature,"
                        + " recorded_at, signed_at) VALUES (?, ?, ?, '', ?, '', ?, ?, ?, ?)"
                        + " ON CONFLICT (tenant_id, issue_id) DO UPDATE SET signature = excluded.signature, signed_at = CASE WHEN"
                        + " sentry_issues.signature IS NOT DISTINCT FROM excluded.signature THEN sentry_issues.signed_at"
                        + " ELSE excluded.signed_at END")) {
            upsert.setString(1, tenant);
            upsert.setString(2, issueId);
            upsert.setString(3, integration);
            upsert.setString(4, title);
            upsert.setString(5, service);
            upsert.setString(6, signature);
            upsert.setTimestamp(7, Timestamp.from(now));
            upsert.setTimestamp(8, Timestamp.from(now));
            upsert.executeUpdate();
        }
    }

    /** The tenant's issue of this id. */
    public Optional<Issue> find(String tenant, String issueId) throws SQLException {
        var found = select("SELECT " + COLUMNS + " FROM ingest.sentry_issues WHERE tenant_id = ? AND issue_id = ?", tenant, issueId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The tenant's issues whose events carry this signature, by issue id. */
    public List<Issue> bySignature(String tenant, String signature) throws SQLException {
        return select("SELECT " + COLUMNS + " FROM ingest.sentry_issues WHERE tenant_id = ? AND signature = ? ORDER BY issue_id",
                tenant, signature);
    }

    /**
     * The tenant's issues whose events carry this signature, known to carry it before {@code until}, by issue id: what a context
     * built for that moment lists, whenever it is built.
     */
    public List<Issue> bySignature(String tenant, String signature, Instant until) throws SQLException {
        return select("SELECT " + COLUMNS + " FROM ingest.sentry_issues WHERE tenant_id = ? AND signature = ? AND signed_at < ?"
                + " ORDER BY issue_id", tenant, signature, Timestamp.from(until));
    }

    /** The Integration an issue came through. */
    public Optional<String> integration(String tenant, String issueId) throws SQLException {
        try (var connection = postgres.getConnection(); var select = connection.prepareStatement(
                "SELECT integration FROM ingest.sentry_issues WHERE tenant_id = ? AND issue_id = ?")) {
            select.setString(1, tenant);
            select.setString(2, issueId);
            try (var rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private List<Issue> select(String sql, String tenant, Object... keys) throws SQLException {
        var issues = new ArrayList<Issue>();
        try (var connection = postgres.getConnection(); var select = connection.prepareStatement(sql)) {
            select.setString(1, tenant);
            for (int i = 0; i < keys.length; i++) {
                select.setObject(2 + i, keys[i]);
            }
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    issues.add(new Issue(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                            rows.getString(6)));
                }
            }
        }
        return issues;
    }

    /** The project an issue.created linked this issue to. */
    public Optional<String> project(String tenant, String issueId) throws SQLException {
        try (var connection = postgres.getConnection(); var select = connection.prepareStatement(
                "SELECT project FROM ingest.sentry_issues WHERE tenant_id = ? AND issue_id = ? AND project <> ''")) {
            select.setString(1, tenant);
            select.setString(2, issueId);
            try (var rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
