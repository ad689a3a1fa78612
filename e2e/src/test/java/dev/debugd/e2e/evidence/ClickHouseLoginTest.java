package dev.debugd.e2e.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.config.Endpoints;
import dev.debugd.detect.EvidenceViews;
import dev.debugd.detect.rules.Observations;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evidence adapter logged in as a password-protected ClickHouse user, as in production: the stack's
 * {@code debugd_secured}, whose password {@code bin/stack env} prints. With it the adapter writes and reads evidence;
 * with a wrong password it fails saying which user was refused and what to set, and never shows a password.
 */
class ClickHouseLoginTest {

    private static Endpoints.ClickHouse secured;
    private static String database;

    @BeforeAll
    static void createDatabase() throws Exception {
        secured = LocalStack.requireSecuredClickHouse();
        database = LocalStack.uniqueName("login").replace('-', '_');
        new ClickHouseHttp(secured, "default").execute("CREATE DATABASE " + database);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (database != null) {
            new ClickHouseHttp(secured, "default").execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    @Test
    void theSecuredUserWritesEvidenceAndTheDetectorsViewsReadItBack() throws Exception {
        var clickhouse = new ClickHouseHttp(secured, database);
        // 18.16 has no currentUser(); a statement sees itself in system.processes, with the user it runs as.
        assertThat(clickhouse.query("SELECT user FROM system.processes WHERE query LIKE '%who-runs-this%'"))
                .extracting(row -> row.get("user").asString()).containsExactly(secured.user());
        assertThat(new EvidenceSchema(clickhouse).migrate()).isNotEmpty();
        clickhouse.insert("log_lines", List.of(
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:01\",\"service\":\"checkout\",\"level\":\"ERROR\","
                        + "\"message\":\"boom\",\"deploy_hash\":\"d1\",\"error_signature\":\"sig-a\",\"signature_version\":1}"));
        clickhouse.insert("requests", List.of(
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:01\",\"service\":\"checkout\",\"status\":200,\"duration_ms\":12}",
                "{\"tenant_id\":\"acme\",\"timestamp\":\"2026-05-01 10:00:02\",\"service\":\"checkout\",\"status\":500,\"duration_ms\":30}"));

        var grid = new BucketGrid(Duration.ofSeconds(10), Duration.ZERO);
        var views = new EvidenceViews(clickhouse, grid);
        long bucket = grid.bucketOf(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(views.tenants()).containsExactly("acme");
        assertThat(views.firstBucket("acme")).contains(bucket);
        var observed = views.read("acme", bucket, bucket);
        assertThat(observed.errors()).containsEntry(new Observations.SignatureKey("checkout", "sig-a", 1), Map.of(bucket, 1L));
        assertThat(observed.requests()).containsEntry("checkout", Map.of(bucket, new Observations.RequestCounts(2, 1)));
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheUserAndTheFixButNoPassword() {
        var wrongPassword = "not-" + secured.password();
        var wrong = new ClickHouseHttp(new Endpoints.ClickHouse(secured.url(), secured.user(), wrongPassword), database);
        assertThatThrownBy(() -> wrong.query("SELECT 1 AS one"))
                .isInstanceOf(ClickHouseHttp.ClickHouseException.class)
                .hasMessageStartingWith("ClickHouse at " + secured.url() + " refused the login of user '" + secured.user() + "'")
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD")
                .message().doesNotContain(wrongPassword).doesNotContain(secured.password());
    }

    @Test
    void withoutItsPasswordTheSecuredUserIsRefusedToo() {
        var none = new ClickHouseHttp(new Endpoints.ClickHouse(secured.url(), secured.user(), ""), database);
        assertThatThrownBy(() -> none.query("SELECT 1 AS one"))
                .hasMessageContaining("refused the login of user '" + secured.user() + "'")
                .message().doesNotContain(secured.password());
    }
}
