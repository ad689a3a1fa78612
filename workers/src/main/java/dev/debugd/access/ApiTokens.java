package dev.debugd.access;

import dev.debugd.config.ResourceName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A tenant's API tokens ({@code settings.api_tokens}), each named and scoped ({@link Scope}). Only a token's SHA-256
 * is stored; the token itself is shown once, when it is created, and never logged. Creating and revoking one is
 * written to the audit trail with it; its last use is kept to the minute (a write per minute, not per request).
 */
public final class ApiTokens {

    public static final String PREFIX = "dbg_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

    public record Token(String tenant, String name, Set<Scope> scopes, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

    /** The answer to a request's token: the caller, or why it is refused, with the HTTP status that says so. */
    public record Authorization(Caller caller, int status, String refusal) {
        public boolean granted() {
            return caller != null;
        }
    }

    private final DataSource dataSource;

    public ApiTokens(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates a token for the tenant and returns it, the only time it is seen; {@code actor} goes into the audit trail. */
    public String create(String tenant, String name, Set<Scope> scopes, String actor) throws SQLException {
        if (!ResourceName.isValid(tenant)) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must be a tenant's name (a DNS label)");
        }
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("the token's name must be 1-100 characters");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope: " + Scope.names());
        }
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var insert = connection.prepareStatement("INSERT INTO settings.api_tokens (token_sha256, tenant_id, name, scopes)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, name) DO NOTHING")) {
                insert.setBytes(1, sha256(token));
                insert.setString(2, tenant);
                insert.setString(3, name);
                insert.setArray(4, connection.createArrayOf("text", values(scopes)));
                if (insert.executeUpdate() == 0) {
                    connection.rollback();
                    throw new IllegalArgumentException("tenant " + tenant + " already has a token named '" + name + "'");
                }
                AuditTrail.add(connection, tenant, actor, "token_created", name, Map.of("scopes", String.join(",", values(scopes))));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return token;
    }

    /**
     * Who an {@code Authorization: Bearer dbg_…} header names, if its token is known, not revoked and has this scope:
     * 401 without one, 403 when its scopes do not allow it, 503 when the token store cannot be asked.
     */
    public Authorization authorize(String header, Scope needed) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Authorization(null, 401, "a tenant's token is required: Authorization: Bearer dbg_…");
        }
        Optional<Caller> caller;
        try {
            caller = callerOf(header.substring(7).strip());
        } catch (SQLException e) {
            return new Authorization(null, 503, "the token store is unavailable; retry");
        }
        if (caller.isEmpty()) {
            return new Authorization(null, 401, "the token is unknown or revoked");
        }
        if (!caller.get().may(needed)) {
            return new Authorization(null, 403, "this token may not " + what(needed) + " (its scopes: "
                    + String.join(", ", values(caller.get().scopes())) + ")");
        }
        return new Authorization(caller.get(), 200, null);
    }

    /** The caller a presented token stands for, if it is known and not revoked; notes its use. */
    public Optional<Caller> callerOf(String token) throws SQLException {
        if (!token.startsWith(PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        var hash = sha256(token);
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(
                "SELECT tenant_id, name, scopes, last_used_at FROM settings.api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            select.setBytes(1, hash);
            try (var rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                var caller = new Caller(rows.getString(1), rows.getString(2), scopes((String[]) rows.getArray(3).getArray()));
                var lastUsed = rows.getTimestamp(4);
                if (lastUsed == null || lastUsed.toInstant().isBefore(Instant.now().minus(LAST_USE_PRECISION))) {
                    try (var update = connection.prepareStatement(
                            "UPDATE settings.api_tokens SET last_used_at = now() WHERE token_sha256 = ?")) {
                        update.setBytes(1, hash);
                        update.executeUpdate();
                    }
                }
                return Optional.of(caller);
            }
        }
    }

    public List<Token> list() throws SQLException {
        var tokens = new ArrayList<Token>();
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(
                "SELECT tenant_id, name, scopes, created_at, last_used_at, revoked_at FROM settings.api_tokens ORDER BY tenant_id, name");
                var rows = select.executeQuery()) {
            while (rows.next()) {
                tokens.add(new Token(rows.getString(1), rows.getString(2), scopes((String[]) rows.getArray(3).getArray()),
                        rows.getTimestamp(4).toInstant(), instant(rows.getTimestamp(5)), instant(rows.getTimestamp(6))));
            }
        }
        return tokens;
    }

    /** Revokes the tenant's token of that name; false when there is none (or it was revoked already). */
    public boolean revoke(String tenant, String name, String actor) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var update = connection.prepareStatement("UPDATE settings.api_tokens SET revoked_at = now()"
                    + " WHERE tenant_id = ? AND name = ? AND revoked_at IS NULL")) {
                update.setString(1, tenant);
                update.setString(2, name);
                if (update.executeUpdate() != 1) {
                    connection.rollback();
                    return false;
                }
                AuditTrail.add(connection, tenant, actor, "token_revoked", name, Map.of());
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Scopes from their names, as the command line gives them ("read,act"). */
    public static Set<Scope> parseScopes(List<String> names) {
        var scopes = EnumSet.noneOf(Scope.class);
        for (var name : names) {
            scopes.add(Scope.of(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "scope '" + name.strip() + "' is not one of " + Scope.names())));
        }
        return scopes;
    }

    private static String what(Scope scope) {
        return switch (scope) {
            case INGEST -> "send evidence";
            case READ -> "read incidents";
            case ACT -> "record a person's facts";
        };
    }

    private static String[] values(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::value).toArray(String[]::new);
    }

    private static Set<Scope> scopes(String[] names) {
        return Arrays.stream(names).map(Scope::of).flatMap(Optional::stream).collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
