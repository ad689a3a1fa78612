package dev.debugd.readmodel;

import dev.debugd.config.Endpoints;
import dev.debugd.store.Postgres;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The read model's schemas in Postgres: `readmodel` (served), a shadow schema that a replay fills before it is
 * swapped in, and `settings` (not derived from Kafka; never touched by a rebuild).
 */
public final class ReadModelSchemas {

    public static final String LIVE = "readmodel";
    public static final String SHADOW = "readmodel_next";
    public static final String SETTINGS = Postgres.SETTINGS;

    private final Postgres postgres;

    public ReadModelSchemas(Endpoints.Postgres postgres) {
        this.postgres = new Postgres(postgres);
    }

    public Connection connect() throws SQLException {
        return postgres.connect();
    }

    public static String checked(String schema) {
        return Postgres.checked(schema);
    }

    /** Creates or upgrades `settings` and the given read-model schema (idempotent). */
    public void migrate(String readModelSchema) {
        postgres.migrate(readModelSchema, "readmodel");
    }

    /** An empty shadow schema, migrated, for a rebuild. */
    public void recreateShadow() throws SQLException {
        postgres.dropSchema(SHADOW);
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
}
