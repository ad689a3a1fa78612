package dev.debugd.evidence.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvidenceSchemaTest {

    @Test
    void splitsAMigrationIntoStatementsWithoutItsComments() {
        var text = "-- a table\nCREATE TABLE a (x UInt8)\n  ENGINE = Memory;\n\n-- and a view\nCREATE VIEW b AS SELECT 1;\n";
        assertThat(EvidenceSchema.statements(text))
                .containsExactly("CREATE TABLE a (x UInt8)\n  ENGINE = Memory", "CREATE VIEW b AS SELECT 1");
    }

    @Test
    void refusesAStatementWithoutItsSemicolon() {
        assertThatThrownBy(() -> EvidenceSchema.statements("CREATE TABLE a (x UInt8) ENGINE = Memory"))
                .hasMessageStartingWith("the last statement does not end with ';'");
    }
}
