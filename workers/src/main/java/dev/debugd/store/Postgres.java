package dev.debugd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.debugd.config.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * Connections and Flyway migrations of the platform's Postgres schemas: the read model, the task ledger and
 * `settings` (data that is not derived from Kafka, never touched by a rebuild).
 */
public final class Postgres {

    public static final String SETTINGS = "settings";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Endpoints.Postgres endpoint;

    public Postgres(Endpoints.Postgres endpoint) {
        this.endpoint = endpoint;
    }

    public Connection connect() throws SQLException {
        var props = new Properties();
        props.setProperty("user", endpoint.user());
        props.setProperty("password", endpoint.password());
        // A batch of single-row inserts goes to the server as multi-row statements: several times fewer round trips.
        props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(endpoint.jdbcUrl(), props);
    }

    /** A pool of connections, for servers that serve many requests at once. */
    public HikariDataSource pool(String name, int size) {
        var config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(size);
        // Start even when Postgres is down for a moment: requests then fail with 503 until it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** A schema name checked before it goes into SQL. */
    public static String checked(String schema) {
        if (!NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name '" + schema + "' must match " + NAME);
        }
        return schema;
    }

    /** Creates or upgrades `settings` alone (the operator keeps the task API's tokens there). */
    public void migrateSettings() {
        flyway(SETTINGS, "settings").migrate();
    }

    /** Creates or upgrades `settings`, then this schema from the migrations under db/{location} (idempotent). */
    public void migrate(String schema, String location) {
        flyway(SETTINGS, "settings").migrate();
        flyway(checked(schema), location).migrate();
    }

    public void dropSchema(String schema) throws SQLException {
        try (var connection = connect(); var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE");
        }
    }

    private Flyway flyway(String schema, String location) {
        return Flyway.configure()
                .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
                .schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/" + location)
                .load();
    }
}
