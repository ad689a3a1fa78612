package dev.debugd.readmodel;

import dev.debugd.config.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * The read model's schemas in Postgres: `readmodel` (served), a shadow schema that a replay fills before it is
 * swapped in, and `settings` (not derived from Kafka; never touched by a rebuild).
 */
public final class ReadModelSchemas {

    public static final String LIVE = "readmodel";
    public static final String SHADOW = "readmodel_next";
    public static final String SETTINGS = "settings";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Endpoints.Postgres postgres;

    public ReadModelSchemas(Endpoints.Postgres postgres) {
        this.postgres = postgres;
    }

    public Connection connect() throws SQLException {
        var props = new Properties();
        props.setProperty("user", postgres.user());
        props.setProperty("password", postgres.password());
        // A batch of single-row inserts goes to the server as multi-row statements: several times fewer round trips.
        props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(postgres.jdbcUrl(), props);
    }

    static String checked(String schema) {
        if (!NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name '" + schema + "' must match " + NAME);
        }
        return schema;
    }

    /** Creates or upgrades `settings` and the given read-model schema (idempotent). */
    public void migrate(String readModelSchema) {
        flyway(SETTINGS, "classpath:db/settings").migrate();
        flyway(checked(readModelSchema), "classpath:db/readmodel").migrate();
    }

    /** An empty shadow schema, migrated, for a rebuild. */
    public void recreateShadow() throws SQLException {
        try (var connection = connect(); var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SHADOW + " CASCADE");
        }
        migrate(SHADOW);
    }

    /**
     * Puts the shadow schema in the live one's place in one transaction: readers see the old read model until
     * the commit and the new one after it, never an empty one.
     */
    public void swapShadowIn() throws SQLException {
        try (var connection = connect()) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS readmodel_previous CASCADE");
                statement.execute("ALTER SCHEMA " + LIVE + " RENAME TO readmodel_previous");
                statement.execute("ALTER SCHEMA " + SHADOW + " RENAME TO " + LIVE);
                statement.execute("DROP SCHEMA readmodel_previous CASCADE");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private Flyway flyway(String schema, String location) {
        return Flyway.configure()
                .dataSource(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations(location)
                .load();
    }
}
