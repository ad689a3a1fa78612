package dev.debugd.bench;

import dev.debugd.config.Endpoints;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A Postgres database of a benchmark's own on the environment's server, dropped (its sessions ended) when closed. */
final class ScratchDatabase implements AutoCloseable {

    /** Where the benchmark connects. */
    final Endpoints.Postgres postgres;
    private final Endpoints.Postgres admin;

    private ScratchDatabase(Endpoints.Postgres admin, String name) {
        this.admin = admin;
        this.postgres = new Endpoints.Postgres(admin.host(), admin.port(), admin.user(), name, admin.password());
    }

    /** @param name a fresh database name (letters, digits, '_') */
    static ScratchDatabase create(Endpoints.Postgres admin, String name) throws SQLException {
        execute(admin, "CREATE DATABASE " + name);
        return new ScratchDatabase(admin, name);
    }

    @Override
    public void close() throws SQLException {
        execute(admin, "DROP DATABASE IF EXISTS " + postgres.database() + " WITH (FORCE)");
    }

    private static void execute(Endpoints.Postgres admin, String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
