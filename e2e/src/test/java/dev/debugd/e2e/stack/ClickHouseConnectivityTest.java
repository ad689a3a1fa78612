package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ClickHouse over its HTTP interface, as the evidence adapter will use it (ARCHITECTURE §7). */
class ClickHouseConnectivityTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static URI base;
    private static String database;

    @BeforeAll
    static void createDatabase() throws Exception {
        base = LocalStack.requireClickHouse().clickhouse().url();
        database = LocalStack.uniqueName("connectivity").replace('-', '_');
        post("CREATE DATABASE " + database, "");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (database != null) {
            post("DROP DATABASE IF EXISTS " + database, "");
        }
    }

    /** Sends a statement (in the URL) with an optional body, as 18.16 wants writes: POST. */
    private static String post(String query, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + "/?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("ClickHouse answered %s: %s", query, response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void createsAMergeTreeTableInsertsJsonEachRowAndSelectsItBack() throws Exception {
        var table = database + ".log_lines";
        post("CREATE TABLE " + table + " (tenant_id String, service String, ts DateTime, message String)"
                + " ENGINE = MergeTree ORDER BY (tenant_id, service, ts)", "");
        // JSON carries any text safely: quotes, backslashes, newlines and non-ASCII arrive unchanged.
        post("INSERT INTO " + table + " FORMAT JSONEachRow", """
                {"tenant_id":"t1","service":"checkout","ts":"2026-01-28 12:34:56","message":"NullPointerException at \\"Cart.total\\""}
                {"tenant_id":"t1","service":"checkout","ts":"2026-01-28 12:34:57","message":"line1\\nline2 \\\\ ünïcødé ✓"}
                {"tenant_id":"t2","service":"billing","ts":"2026-01-28 12:35:00","message":"timeout"}
                """);

        var rows = post("SELECT service, message FROM " + table + " WHERE tenant_id = 't1' ORDER BY ts FORMAT JSONEachRow", "");
        assertThat(rows.lines()).containsExactly(
                "{\"service\":\"checkout\",\"message\":\"NullPointerException at \\\"Cart.total\\\"\"}",
                "{\"service\":\"checkout\",\"message\":\"line1\\nline2 \\\\ ünïcødé ✓\"}");
        assertThat(post("SELECT count() FROM " + table, "").strip()).isEqualTo("3");
    }

    @Test
    void aMaterializedViewCountsIntoASummingMergeTree() throws Exception {
        var errors = database + ".errors";
        var frequency = database + ".error_frequency";
        post("CREATE TABLE " + errors + " (service String, error_signature String, ts DateTime)"
                + " ENGINE = MergeTree ORDER BY (service, ts)", "");
        post("CREATE TABLE " + frequency + " (service String, error_signature String, minute DateTime, n UInt64)"
                + " ENGINE = SummingMergeTree ORDER BY (service, error_signature, minute)", "");
        post("CREATE MATERIALIZED VIEW " + database + ".error_frequency_mv TO " + frequency
                + " AS SELECT service, error_signature, toStartOfMinute(ts) AS minute, count() AS n FROM " + errors
                + " GROUP BY service, error_signature, minute", "");
        for (int batch = 0; batch < 2; batch++) {
            post("INSERT INTO " + errors + " FORMAT JSONEachRow", """
                    {"service":"api","error_signature":"npe","ts":"2026-01-28 12:00:01"}
                    {"service":"api","error_signature":"npe","ts":"2026-01-28 12:00:59"}
                    {"service":"api","error_signature":"timeout","ts":"2026-01-28 12:01:00"}
                    """);
        }
        // 64-bit integers come back quoted in JSON; a 32-bit sum keeps the row readable.
        var counts = post("SELECT error_signature, toString(minute) AS minute, toUInt32(sum(n)) AS n FROM " + frequency
                + " GROUP BY error_signature, minute ORDER BY error_signature FORMAT JSONEachRow", "");
        assertThat(counts.lines()).containsExactly(
                "{\"error_signature\":\"npe\",\"minute\":\"2026-01-28 12:00:00\",\"n\":4}",
                "{\"error_signature\":\"timeout\",\"minute\":\"2026-01-28 12:01:00\",\"n\":2}");
    }
}
