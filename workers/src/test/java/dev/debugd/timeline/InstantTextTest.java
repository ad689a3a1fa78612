package dev.debugd.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast reading of envelope times accepts and refuses exactly what Instant.parse does, with the same result. */
class InstantTextTest {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

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
        var alphabet = "0123456789-:.TZtz+ 6";
        qt().withExamples(50_000).forAll(longs().between(YEAR_0, YEAR_10000), integers().between(0, 999_999_999), longs().all())
                .checkAssert((seconds, nanos, seed) -> {
                    var random = new Random(seed);
                    var text = new StringBuilder(Instant.ofEpochSecond(seconds, nanos).toString());
                    for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                        int at = random.nextInt(text.length());
                        char c = alphabet.charAt(random.nextInt(alphabet.length()));
                        switch (random.nextInt(3)) {
                            case 0 -> text.setCharAt(at, c);
                            case 1 -> text.insert(at, c);
                            default -> text.deleteCharAt(at);
                        }
                    }
                    assertThat(outcome(() -> InstantText.parse(text.toString())))
                            .as(text.toString()).isEqualTo(outcome(() -> Instant.parse(text.toString())));
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
