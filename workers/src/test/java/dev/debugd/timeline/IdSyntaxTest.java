package dev.debugd.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written id check accepts exactly what its pattern does. */
class IdSyntaxTest {

    @Test
    void agreesWithItsPatternOnEveryKindOfCharacterAndLength() {
        // Every class the patterns name, their neighbours in ASCII, and a few that are letters only outside it.
        var alphabet = "_aAzZ09-._:/ `{@[\u00e9\u0130\u212a";
        qt().withExamples(200_000).forAll(integers().between(0, 131), longs().all()).checkAssert((length, seed) -> {
            var random = new Random(seed);
            var text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                // Mostly valid characters, so long valid ids (and the length limits) are reached too.
                text.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : "abc0123-xYZ".charAt(random.nextInt(11)));
            }
            var value = text.toString();
            for (var syntax : IdSyntax.values()) {
                assertThat(syntax.matches(value)).as("%s '%s'", syntax, value)
                        .isEqualTo(syntax.pattern.matcher(value).matches());
            }
        });
    }

    @Test
    void theLimitsAreThoseOfThePatterns() {
        assertThat(IdSyntax.TENANT.matches("a".repeat(63))).isTrue();
        assertThat(IdSyntax.TENANT.matches("_" + "a".repeat(63))).isTrue();
        assertThat(IdSyntax.TENANT.matches("a".repeat(64))).isFalse();
        assertThat(IdSyntax.INCIDENT.matches("A".repeat(128))).isTrue();
        assertThat(IdSyntax.INCIDENT.matches("A".repeat(129))).isFalse();
        assertThat(IdSyntax.TENANT.matches("")).isFalse();
        assertThat(IdSyntax.TENANT.matches("_")).isFalse();
        assertThat(IdSyntax.TENANT.matches("-a")).isFalse();
        assertThat(IdSyntax.INCIDENT.matches("inc/1")).isFalse();
    }
}
