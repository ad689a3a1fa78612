package dev.debugd.timeline;

import static dev.debugd.timeline.MangledInstants.YEAR_0;
import static dev.debugd.timeline.MangledInstants.YEAR_10000;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fast reading of envelope times accepts and refuses exactly what Instant.parse does, with the same result. */
class InstantTextTest {

    @Test
    void readsEveryInstantAsItsToStringWroteIt() {
        qt().withExamples(20_000).forAll(longs().between(YEAR_0, YEAR_10000), integers().between(0, 999_999_999), integers().between(0, 3))
                .checkAssert((seconds, nanos, precision) -> {
                    // Instant.toString writes 0, 3, 6 or 9 fraction digits depending on the value; cover each.
                    int kept = new int[] {0, 1_000_000, 1_000, 1}[precision];
                    var instant = Instant.ofEpochSecond(seconds, kept == 0 ? 0 : nanos / kept * kept);
                    assertThat(InstantText.parse(instant.toString())).isEqualTo(instant);
                });
    }

    @Test
    void agreesWithInstantParseOnMangledTexts() {
        qt().withExamples(50_000).forAll(longs().between(YEAR_0, YEAR_10000), integers().between(0, 999_999_999), longs().all())
                .checkAssert((seconds, nanos, seed) -> {
                    var text = MangledInstants.text(seconds, nanos, seed, 1);
                    assertThat(outcome(() -> InstantText.parse(text))).as(text).isEqualTo(outcome(() -> Instant.parse(text)));
                });
    }

    @Test
    void leavesLeapSecondsAndImpossibleDatesToInstantParse() {
        assertThat(InstantText.parse("2016-12-31T23:59:60Z")).isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
        assertThatThrownBy(() -> InstantText.parse("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> InstantText.parse("2026-05-01 00:00:00Z")).isInstanceOf(DateTimeException.class);
    }

    private interface Parse {
        Instant run();
    }

    private static Object outcome(Parse parse) {
        try {
            return parse.run();
        } catch (DateTimeException e) {
            return "refused";
        }
    }
}
