package dev.debugd.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.context.snapshot.Context;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeDiffsTest {

    /** A file at the commit, as a context holds lines 3..10 of it. */
    private static final Context.CodeFile HELD = new Context.CodeFile("app/prices.py", 3, 10, List.of(6), """
            def price(item):
                rate = RATES.get(item.currency)
                log.debug("pricing %s", item)
                total = item.amount * rate
                return round(total, 2)

            def tax(total):
                return total * TAX
            """);

    /** The deploy's change, as a code host's compare gives it: the line that guarded an unknown currency went away. */
    private static final String CHANGE = """
            @@ -4,5 +4,4 @@ def price(item):
                 rate = RATES.get(item.currency)
            -    if rate is None:
            -        raise UnknownCurrency(item.currency)
            +    log.debug("pricing %s", item)
                 total = item.amount * rate
                 return round(total, 2)""";

    private static Context.Code code() {
        return new Context.Code("acme/shop", "c2", List.of(HELD), List.of(), "c1",
                List.of(new Context.CodeChange("app/prices.py", CHANGE)));
    }

    @Test
    void theRevertOfTheHunkAroundTheFailingLineTakesTheCommitsLinesOutAndPutsTheBasesBack() {
        var revert = CodeDiffs.revertHunkAt(code(), "app/prices.py", 6);

        assertThat(revert).contains("""
                --- a/app/prices.py
                +++ b/app/prices.py
                @@ -4,4 +4,5 @@ def price(item):
                     rate = RATES.get(item.currency)
                -    log.debug("pricing %s", item)
                +    if rate is None:
                +        raise UnknownCurrency(item.currency)
                     total = item.amount * rate
                     return round(total, 2)
                """);
        assertThat(CodeDiffs.appliesTo(revert.orElseThrow(), code())).isTrue();
    }

    @Test
    void aLineOutsideEveryHunkOrAFileWithoutAChangeHasNoRevert() {
        assertThat(CodeDiffs.revertHunkAt(code(), "app/prices.py", 9)).isEmpty();
        assertThat(CodeDiffs.revertHunkAt(code(), "app/other.py", 6)).isEmpty();
    }

    @Test
    void aDiffAppliesOnlyToTheLinesTheContextHolds() {
        var matching = """
                --- a/app/prices.py
                +++ b/app/prices.py
                @@ -9,2 +9,2 @@
                 def tax(total):
                -    return total * TAX
                +    return round(total * TAX, 2)
                """;
        assertThat(CodeDiffs.appliesTo(matching, code())).isTrue();
        // Lines the file does not have there.
        assertThat(CodeDiffs.appliesTo(matching.replace("return total * TAX", "return total * VAT"), code())).isFalse();
        // A file the context does not hold.
        assertThat(CodeDiffs.appliesTo(matching.replace("app/prices.py", "app/taxes.py"), code())).isFalse();
        // Lines before the excerpt: the context cannot tell what they are.
        assertThat(CodeDiffs.appliesTo("""
                --- a/app/prices.py
                +++ b/app/prices.py
                @@ -1,1 +1,1 @@
                -import math
                +import decimal
                """, code())).isFalse();
        assertThat(CodeDiffs.appliesTo("not a diff at all", code())).isFalse();
    }

    @Test
    void aDiffAppliedToWholeFilesGivesEachChangedFilesNewText() {
        var whole = """
                import math

                def price(item):
                    rate = RATES.get(item.currency)
                    log.debug("pricing %s", item)
                    total = item.amount * rate
                    return round(total, 2)

                def tax(total):
                    return total * TAX
                """;
        var revert = CodeDiffs.revertHunkAt(code(), "app/prices.py", 6).orElseThrow();

        var changed = CodeDiffs.apply(revert, path -> path.equals("app/prices.py") ? Optional.of(whole) : Optional.empty());

        assertThat(changed).containsOnlyKeys("app/prices.py");
        assertThat(changed.get("app/prices.py")).isEqualTo("""
                import math

                def price(item):
                    rate = RATES.get(item.currency)
                    if rate is None:
                        raise UnknownCurrency(item.currency)
                    total = item.amount * rate
                    return round(total, 2)

                def tax(total):
                    return total * TAX
                """);
        assertThatThrownBy(() -> CodeDiffs.apply(revert, path -> Optional.of("something else\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not apply to app/prices.py");
        assertThatThrownBy(() -> CodeDiffs.apply(revert, path -> Optional.empty()))
                .hasMessageContaining("no file app/prices.py");
        assertThatThrownBy(() -> CodeDiffs.apply("not a diff", path -> Optional.of(whole))).isInstanceOf(IllegalArgumentException.class);
    }
}
