package dev.debugd.e2e.stack;

import dev.debugd.config.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A database of the test's own on the stack's Postgres, dropped afterwards. */
public final class TestDatabase implements AutoCloseable {

    public final Endpoints.Postgres postgres;
    private final Endpoints.Postgres admin;

    public TestDatabase() throws SQLException {
        admin = LocalStack.requirePostgres().postgres();
        var name = LocalStack.uniqueName("readmodel").replace('-', '_');
        try (var connection = connect(admin); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        postgres = new Endpoints.Postgres(admin.host(), admin.port(), admin.user(), name, admin.password());
    }

    /** A database with the vector extension, as the platform's own has it (the demo checks for it). */
    public static TestDatabase withPgvector() throws SQLException {
        var database = new TestDatabase();
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION vector");
        } catch (SQLException e) {
            database.close();
            throw e;
        }
        return database;
    }

    public static Connection connect(Endpoints.Postgres pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    public Connection connect() throws SQLException {
        return connect(postgres);
    }

    /**
     * Every row of the read model's tables in a fixed order, as text: equal dumps mean equal read models. An event's
     * {@code seq} is left out: it is the order this read model received the events in (for live updates), not part of
     * the history, so two read models of one history number them as their batches came. The memory's rows come with
     * their embeddings.
     */
    public List<String> dump(String schema) throws SQLException {
        var rows = new ArrayList<String>();
        try (var connection = connect(); var statement = connection.createStatement()) {
            for (var query : List.of(
                    "SELECT row_to_json(t)::text FROM " + schema + ".incidents t ORDER BY tenant_id, incident_id",
                    "SELECT (to_jsonb(t) - 'seq')::text FROM " + schema + ".timeline_events t ORDER BY event_id",
                    "SELECT row_to_json(t)::text FROM " + schema + ".memory t ORDER BY tenant_id, incident_id, cycle",
                    "SELECT topic || '/' || partition || '@' || next_offset FROM " + schema + ".projector_offsets"
                            + " ORDER BY topic, partition")) {
                try (var rs = statement.executeQuery(query)) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        try (var connection = connect(admin); var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + postgres.database() + " WITH (FORCE)");
        }
    }
}
