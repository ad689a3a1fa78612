package dev.debugd.workqueue;

import dev.debugd.access.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The task API's workload tokens in the `settings` schema: the operator registers one per workload (the token goes
 * into the workload's Secret, its SHA-256 here), and the API role learns from it which tenant and role a presented
 * token may read tasks of. Never logs or returns a token after it was made. Every registration and revocation goes into
 * the tenant's audit trail.
 */
public final class WorkloadTokens {

    public static final String PREFIX = "dbw_";
    /** Who the audit trail says changed a workload token: the operator registers and revokes them. */
    private static final String ACTOR = "debugd-operator";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a token may read: the tasks of one tenant and one role (a task type's wire name). */
    public record Scope(String tenant, String role) {}

    private final DataSource dataSource;

    public WorkloadTokens(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A new token; shown once, to be kept in the workload's Secret. */
    public static String newToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Makes this the workload's token with this scope, replacing any earlier one (a Secret made again has a new token).
     *
     * @param workload names the workload across the installation, e.g. {@code team-a/AgentProfile/acme-rca}
     */
    public void register(String workload, Scope scope, String token) throws SQLException {
        if (!token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a workload token starts with " + PREFIX);
        }
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var upsert = connection.prepareStatement(
                    "INSERT INTO settings.workload_tokens (workload, token_sha256, tenant_id, role) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (workload) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256,"
                            + " tenant_id = EXCLUDED.tenant_id, role = EXCLUDED.role, revoked_at = NULL, created_at = now()"
                            + " WHERE workload_tokens.token_sha256 <> EXCLUDED.token_sha256 OR workload_tokens.tenant_id <> EXCLUDED.tenant_id"
                            + " OR workload_tokens.role <> EXCLUDED.role OR workload_tokens.revoked_at IS NOT NULL")) {
                upsert.setString(1, workload);
                upsert.setBytes(2, sha256(token));
                upsert.setString(3, scope.tenant());
                upsert.setString(4, scope.role());
                if (upsert.executeUpdate() == 1) {
                    AuditTrail.add(connection, scope.tenant(), ACTOR, "workload_token_registered", workload, Map.of("role", scope.role()));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Revokes the workload's token; false when it has none that is valid. */
    public boolean revoke(String workload) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var update = connection.prepareStatement("UPDATE settings.workload_tokens SET revoked_at = now()"
                    + " WHERE workload = ? AND revoked_at IS NULL RETURNING tenant_id, role")) {
                update.setString(1, workload);
                boolean revoked = false;
                try (var rows = update.executeQuery()) {
                    if (rows.next()) {
                        revoked = true;
                        AuditTrail.add(connection, rows.getString(1), ACTOR, "workload_token_revoked", workload,
                                Map.of("role", rows.getString(2)));
                    }
                }
                connection.commit();
                return revoked;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** What an {@code Authorization: Bearer dbw_…} header's token may read, when it is known and not revoked. */
    public Optional<Scope> scopeOfHeader(String authorization) throws SQLException {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        var token = authorization.substring(7).strip();
        if (!token.startsWith(PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(
                "SELECT tenant_id, role FROM settings.workload_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            select.setBytes(1, sha256(token));
            try (var rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Scope(rows.getString(1), rows.getString(2))) : Optional.empty();
            }
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
