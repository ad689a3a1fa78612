package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pgvector.PGvector;
import dev.debugd.config.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PostgreSQL + pgvector: a Flyway migration, a vector(384) column with an HNSW index, cosine nearest neighbours. */
class PostgresConnectivityTest {

    private static Endpoints.Postgres pg;
    private static String database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        pg = LocalStack.requirePostgres().postgres();
        database = LocalStack.uniqueName("connectivity").replace('-', '_');
        try (var admin = connect(pg.database()); var statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            try (var admin = connect(pg.database()); var statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(name), pg.user(), pg.password());
    }

    @Test
    void flywayMigratesAndTheHnswIndexFindsTheCosineNearestNeighbours() throws SQLException {
        var result = Flyway.configure().dataSource(pg.jdbcUrl(database), pg.user(), pg.password())
                .locations("classpath:db/connectivity").load().migrate();
        assertThat(result.migrationsExecuted).isEqualTo(1);

        // 200 random unit-ish vectors; the query is a small perturbation of one of them.
        var random = new Random(42);
        var vectors = new ArrayList<float[]>();
        try (var connection = connect(database)) {
            PGvector.addVectorType(connection);
            try (var insert = connection.prepareStatement(
                    "INSERT INTO incident_memory (incident_id, tenant_id, embedding) VALUES (?, 't1', ?)")) {
                for (int i = 0; i < 200; i++) {
                    var v = new float[384];
                    for (int d = 0; d < v.length; d++) {
                        v[d] = (float) random.nextGaussian();
                    }
                    vectors.add(v);
                    insert.setString(1, "inc-" + i);
                    insert.setObject(2, new PGvector(v));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            var query = vectors.get(137).clone();
            for (int d = 0; d < query.length; d++) {
                query[d] += (float) (random.nextGaussian() * 0.05);
            }
            var expected = bruteForceNearest(vectors, query, 3);

            try (var statement = connection.createStatement()) {
                statement.execute("SET enable_seqscan = off"); // so the planner must use the index on 200 rows
            }
            var sql = "SELECT incident_id FROM incident_memory ORDER BY embedding <=> ? LIMIT 3";
            try (var explain = connection.prepareStatement("EXPLAIN " + sql)) {
                explain.setObject(1, new PGvector(query));
                var plan = new StringBuilder();
                try (var rs = explain.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).contains("incident_memory_embedding_idx");
            }
            var nearest = new ArrayList<String>();
            try (var select = connection.prepareStatement(sql)) {
                select.setObject(1, new PGvector(query));
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        nearest.add(rs.getString(1));
                    }
                }
            }
            assertThat(nearest.get(0)).isEqualTo("inc-137");
            assertThat(nearest).containsExactlyElementsOf(expected);
        }
    }

    private static List<String> bruteForceNearest(List<float[]> vectors, float[] query, int k) {
        var ids = new ArrayList<Integer>();
        for (int i = 0; i < vectors.size(); i++) {
            ids.add(i);
        }
        ids.sort((a, b) -> Double.compare(cosineDistance(vectors.get(a), query), cosineDistance(vectors.get(b), query)));
        return ids.subList(0, k).stream().map(i -> "inc-" + i).toList();
    }

    private static double cosineDistance(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return 1 - dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
