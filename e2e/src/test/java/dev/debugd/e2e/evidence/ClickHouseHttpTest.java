package dev.debugd.e2e.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.ClickHouseSql;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The evidence adapter against the real ClickHouse: hostile strings read back exactly, by literal and by row. */
class ClickHouseHttpTest {

    private static final List<String> HOSTILE = List.of(
            "plain", "", "it's", "''", "\\", "\\'", "back\\\\slashes\\n", "new\nline", "carriage\r\nreturn", "tab\there",
            "nul\0byte", "bell\u0007 and \u001f and \u007f", "' OR 1=1 --", "'); DROP TABLE t; --", "unicode: ünïcødé ✓ Ж 日本 🚀",
            "right-to-left \u202e gnirts", "quote \" and `backtick`", "{\"json\": [1, 2]}", "x".repeat(200_000));

    private static ClickHouseHttp clickhouse;
    private static String database;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void createDatabase() throws Exception {
        var base = LocalStack.requireClickHouse().clickhouse();
        database = LocalStack.uniqueName("evidence").replace('-', '_');
        new ClickHouseHttp(base, "default").execute("CREATE DATABASE " + database);
        clickhouse = new ClickHouseHttp(base, database);
        clickhouse.execute("CREATE TABLE t (id UInt32, message String) ENGINE = MergeTree ORDER BY id");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (clickhouse != null) {
            clickhouse.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    @Test
    void hostileStringsReadBackExactlyAsLiterals() throws Exception {
        for (var value : HOSTILE) {
            var rows = clickhouse.query("SELECT " + ClickHouseSql.quote(value) + " AS v, length(v) AS n");
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get("v").asString()).as(preview(value)).isEqualTo(value);
        }
    }

    @Test
    void hostileStringsInsertedAsRowsAreFoundByTheirLiterals() throws Exception {
        var rows = new ArrayList<String>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            rows.add(JSON.createObjectNode().put("id", 1000 + i).put("message", HOSTILE.get(i)).toString());
        }
        clickhouse.insert("t", rows);
        for (int i = 0; i < HOSTILE.size(); i++) {
            var found = clickhouse.query("SELECT id FROM t WHERE message = " + ClickHouseSql.quote(HOSTILE.get(i)));
            assertThat(found).as(preview(HOSTILE.get(i))).extracting(r -> r.get("id").asInt()).containsExactly(1000 + i);
        }
        assertThat(clickhouse.query("SELECT count() AS c FROM t").get(0).get("c").asString()).isEqualTo(String.valueOf(HOSTILE.size()));
    }

    @Test
    void identifiersAreNeverQuotedFromInput() {
        assertThat(ClickHouseSql.identifier("log_lines")).isEqualTo("log_lines");
        for (var bad : new String[] {"t; DROP TABLE t", "a-b", "1abc", "", "a b", "`t`"}) {
            assertThatThrownBy(() -> ClickHouseSql.identifier(bad)).as(bad).hasMessageContaining("is not a plain identifier");
        }
    }

    @Test
    void aFailedStatementSaysWhatTheServerSaid() {
        assertThatThrownBy(() -> clickhouse.query("SELECT * FROM no_such_table"))
                .isInstanceOf(ClickHouseHttp.ClickHouseException.class)
                .hasMessageStartingWith("ClickHouse answered HTTP 404: ").hasMessageContaining("no_such_table");
    }

    private static String preview(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "… (" + value.length() + " chars)" : value;
    }
}
