package dev.debugd.e2e.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evidence schema on the real ClickHouse: applied once, idempotent, and its views count what is inserted. */
class EvidenceSchemaTest {

    private static ClickHouseHttp clickhouse;
    private static String database;

    @BeforeAll
    static void createDatabase() throws Exception {
        var base = LocalStack.requireClickHouse().clickhouse();
        database = LocalStack.uniqueName("schema").replace('-', '_');
        new ClickHouseHttp(base, "default").execute("CREATE DATABASE " + database);
        clickhouse = new ClickHouseHttp(base, database);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (clickhouse != null) {
            clickhouse.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    @Test
    void aMigrationThatAddedSomeColumnsBeforeItStoppedRunsAgainToItsEnd() throws Exception {
        var database = LocalStack.uniqueName("schema_rerun").replace('-', '_');
        var admin = new ClickHouseHttp(LocalStack.requireClickHouse().clickhouse(), "default");
        admin.execute("CREATE DATABASE " + database);
        try {
            var halfway = new ClickHouseHttp(LocalStack.requireClickHouse().clickhouse(), database);
            var schema = new EvidenceSchema(halfway);
            schema.migrate();
            // As if V5 had stopped after its first column: the column is there, the migration not recorded.
            halfway.execute("ALTER TABLE exceptions DROP COLUMN tag_keys");
            halfway.execute("ALTER TABLE exceptions DROP COLUMN tag_values");
            halfway.execute("DROP TABLE schema_migrations");
            halfway.execute("CREATE TABLE schema_migrations (version UInt32, name String) ENGINE = MergeTree ORDER BY version");
            halfway.insert("schema_migrations", List.of("{\"version\":1,\"name\":\"V1__evidence\"}",
                    "{\"version\":2,\"name\":\"V2__late_arrivals\"}", "{\"version\":3,\"name\":\"V3__deploys\"}",
                    "{\"version\":4,\"name\":\"V4__signature_versions\"}"));
            assertThat(schema.migrate()).containsExactly("V5__exception_environment_and_tags");
            assertThat(halfway.query("SELECT name FROM system.columns WHERE database = '" + database + "' AND table = 'exceptions'"
                    + " AND name IN ('environment', 'tag_keys', 'tag_values') ORDER BY name"))
                    .extracting(row -> row.get("name").asString()).containsExactly("environment", "tag_keys", "tag_values");
        } finally {
            admin.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    private static String scalar(String sql) throws Exception {
        var rows = clickhouse.query(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0).properties().iterator().next().getValue().asString();
    }

    @Test
    void migratesOnceAndTheViewsCountWhatIsInserted() throws Exception {
        var schema = new EvidenceSchema(clickhouse);
        assertThat(schema.migrate()).containsExactly("V1__evidence", "V2__late_arrivals", "V3__deploys", "V4__signature_versions",
                "V5__exception_environment_and_tags");
        assertThat(schema.migrate()).isEmpty();
        assertThat(scalar("SELECT count() FROM schema_migrations")).isEqualTo("5");

        clickhouse.insert("log_lines", List.of(
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:01\",\"service\":\"checkout\",\"level\":\"ERROR\","
                        + "\"message\":\"boom\",\"deploy_hash\":\"d1\",\"error_signature\":\"sig-a\",\"signature_version\":1}",
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:01\",\"service\":\"checkout\",\"level\":\"ERROR\","
                        + "\"message\":\"boom\",\"deploy_hash\":\"d2\",\"error_signature\":\"sig-a\",\"signature_version\":1}",
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:03\",\"service\":\"checkout\",\"level\":\"INFO\","
                        + "\"message\":\"fine\",\"error_signature\":\"\",\"signature_version\":1}",
                "{\"tenant_id\":\"globex\",\"timestamp\":\"2026-05-01 10:00:02\",\"service\":\"checkout\",\"level\":\"ERROR\","
                        + "\"message\":\"boom\",\"deploy_hash\":\"d1\",\"error_signature\":\"sig-a\",\"signature_version\":1}"));
        clickhouse.insert("exceptions", List.of(
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:00\",\"service\":\"checkout\",\"deploy_hash\":\"d2\","
                        + "\"exception_type\":\"NullPointerException\",\"frame_function\":[\"total\"],\"frame_line\":[42],"
                        + "\"frame_in_app\":[1],\"error_signature\":\"sig-a\",\"signature_version\":1}"));
        clickhouse.insert("requests", List.of(
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:01\",\"service\":\"checkout\",\"status\":200,\"duration_ms\":12}",
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:01\",\"service\":\"checkout\",\"status\":503,\"duration_ms\":900}",
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:02\",\"service\":\"checkout\",\"status\":500,\"duration_ms\":30}"));

        assertThat(scalar("SELECT sum(occurrences) FROM error_frequency WHERE tenant_id = 'acme' AND error_signature = 'sig-a'"))
                .isEqualTo("3");
        assertThat(scalar("SELECT sum(occurrences) FROM error_frequency WHERE tenant_id = 'globex'")).isEqualTo("1");
        assertThat(scalar("SELECT toString(minMerge(first_seen_at)) FROM error_novelty WHERE tenant_id = 'acme'"
                + " AND deploy_hash = 'd2'")).isEqualTo("2026-05-01 10:00:00");
        assertThat(scalar("SELECT toString(minMerge(first_seen_at)) FROM error_novelty WHERE tenant_id = 'acme'"
                + " AND deploy_hash = 'd1'")).isEqualTo("2026-05-01 10:00:01");
        assertThat(scalar("SELECT concat(toString(sum(total_requests)), '/', toString(sum(error_requests))) FROM error_rate"
                + " WHERE tenant_id = 'acme'")).isEqualTo("3/2");
        assertThat(scalar("SELECT toString(minMerge(first_seen_at)) FROM signature_versions WHERE tenant_id = 'acme'"
                + " AND signature_version = 1")).as("the version's first use, from any row").isEqualTo("2026-05-01 10:00:00");
        assertThat(scalar("SELECT toString(minMerge(first_seen_at)) FROM deploys WHERE tenant_id = 'acme' AND deploy_hash = 'd2'"))
                .isEqualTo("2026-05-01 10:00:00");
        // The rows still count once after the schema is applied again.
        assertThat(schema.migrate()).isEmpty();
        assertThat(scalar("SELECT sum(occurrences) FROM error_frequency")).isEqualTo("4");
    }
}
