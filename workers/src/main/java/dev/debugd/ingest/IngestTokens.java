package dev.debugd.ingest;

import dev.debugd.config.ResourceName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Per-tenant ingest tokens in the `settings` schema (never touched by a rebuild). Only a token's SHA-256 is
 * stored; the token itself is shown once, when it is created, and never logged.
 */
public final class IngestTokens {

    public static final String PREFIX = "dbg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Token(String tenant, String name, Instant createdAt, Instant revokedAt) {}

    private final DataSource dataSource;

    public IngestTokens(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates a token for the tenant and returns it; the only time it is seen. */
    public String create(String tenant, String name) throws SQLException {
        if (!ResourceName.isValid(tenant)) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must be a tenant's name (a DNS label)");
        }
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("the token's name must be 1-100 characters");
        }
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement(
                "INSERT INTO settings.ingest_tokens (token_sha256, tenant_id, name) VALUES (?, ?, ?)"
                        + " ON CONFLICT (tenant_id, name) DO NOTHING")) {
            insert.setBytes(1, sha256(token));
            insert.setString(2, tenant);
            insert.setString(3, name);
            if (insert.executeUpdate() == 0) {
                throw new IllegalArgumentException("tenant " + tenant + " already has a token named '" + name + "'");
            }
        }
        return token;
    }

    /** The tenant of an {@code Authorization: Bearer dbg_…} header's token, if the header has one that is known. */
    public Optional<String> tenantOfHeader(String authorization) throws SQLException {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tenantOf(authorization.substring(7).strip());
    }

    /** The tenant a presented token belongs to, if it is known and not revoked. */
    public Optional<String> tenantOf(String token) throws SQLException {
        if (!token.startsWith(PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(
                "SELECT tenant_id FROM settings.ingest_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            select.setBytes(1, sha256(token));
            try (var rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    public List<Token> list() throws SQLException {
        var tokens = new ArrayList<Token>();
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(
                "SELECT tenant_id, name, created_at, revoked_at FROM settings.ingest_tokens ORDER BY tenant_id, name");
                var rows = select.executeQuery()) {
            while (rows.next()) {
                var revoked = rows.getTimestamp(4);
                tokens.add(new Token(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                        revoked == null ? null : revoked.toInstant()));
            }
        }
        return tokens;
    }

    /** Revokes the tenant's token of that name; false when there is none (or it was revoked already). */
    public boolean revoke(String tenant, String name) throws SQLException {
        try (var connection = dataSource.getConnection(); var update = connection.prepareStatement(
                "UPDATE settings.ingest_tokens SET revoked_at = now() WHERE tenant_id = ? AND name = ? AND revoked_at IS NULL")) {
            update.setString(1, tenant);
            update.setString(2, name);
            return update.executeUpdate() == 1;
        }
    }

    static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
