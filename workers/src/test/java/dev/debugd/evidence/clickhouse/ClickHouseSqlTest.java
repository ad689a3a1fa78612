package dev.debugd.evidence.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class ClickHouseSqlTest {

    @Test
    void quotesWithBackslashEscapes() {
        assertThat(ClickHouseSql.quote("it's")).isEqualTo("'it\\'s'");
        assertThat(ClickHouseSql.quote("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(ClickHouseSql.quote("1\n2\t3\0")).isEqualTo("'1\\n2\\t3\\0'");
        assertThat(ClickHouseSql.quote("\u0007")).isEqualTo("'\\x07'");
        assertThat(ClickHouseSql.quote(null)).isEqualTo("NULL");
    }

    @Test
    void nothingEndsTheLiteralEarly() {
        // Inside the quotes, every quote is escaped by an odd run of backslashes: the literal ends only at its end.
        qt().withExamples(5_000).forAll(strings().allPossible().ofLengthBetween(0, 60)).checkAssert(value -> {
            var quoted = ClickHouseSql.quote(value);
            var inside = quoted.substring(1, quoted.length() - 1);
            for (int i = 0; i < inside.length(); i++) {
                if (inside.charAt(i) == '\\') {
                    i++; // the escaped character
                } else {
                    assertThat(inside.charAt(i)).as(quoted).isNotEqualTo('\'');
                    assertThat(inside.charAt(i) < 0x20).as(quoted).isFalse();
                }
            }
        });
    }
}
