package dev.debugd.context.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The context is cut, ordered and redacted the same way whatever order the rows came in. */
class ContextAssemblyTest {

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
    private static final Context.Incident INCIDENT = new Context.Incident("acme", "ep-1", 1, "checkout", "novelty", "sig-1", 7,
            "New error in checkout", T.plusSeconds(600), T.plusSeconds(720));
    private static final Context.Window WINDOW = new Context.Window(T, T.plusSeconds(600), T.plusSeconds(720), 60);
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    private static ExceptionEvent exception(int second, String message, String deploy) {
        return new ExceptionEvent(T.plusSeconds(600 + second), "checkout", "/pay", deploy, "", "", "java.lang.IllegalStateException",
                message, List.of(new ExceptionEvent.Frame("com.acme.shop.Cart", "total", "Cart.java", 88, true),
                        new ExceptionEvent.Frame("java.lang.Thread", "run", "Thread.java", 1583, false)), List.of());
    }

    private static EpisodeEvidence.Log log(int second, String level, String message, boolean signature) {
        return new EpisodeEvidence.Log(new LogLine(T.plusSeconds(600 + second), "checkout", level, message, "/pay", "d2", "", "", ""),
                signature, signature ? "sig-incident" : "", 0);
    }

    private static EpisodeEvidence evidence(List<ExceptionEvent> exceptions, List<EpisodeEvidence.Log> logs, Context.IdPresence ids,
            Optional<Context.Code> code) {
        return new EpisodeEvidence(INCIDENT, WINDOW, exceptions, logs,
                List.of(new Context.SignaturePoint(T.plusSeconds(600), 12)),
                List.of(new Context.RatePoint(T.plusSeconds(600), 100, 30)),
                Map.of("d1", T.minusSeconds(86_400), "d2", T.plusSeconds(590)),
                List.of(new Context.RouteCount("/pay", 100, 30)), List.of(new Context.StatusCount(500, 30)), ids,
                List.of(), code, List.of());
    }

    private static List<ExceptionEvent> exceptions() {
        var rows = new ArrayList<ExceptionEvent>();
        for (int i = 0; i < 9; i++) {
            rows.add(exception(i, "pool exhausted", "d2"));
        }
        rows.add(exception(3, "token " + JWT + " rejected", "d2"));
        rows.add(exception(4, "pool exhausted", "d1"));
        return rows;
    }

    private static List<EpisodeEvidence.Log> logs() {
        return List.of(log(1, "INFO", "served /health", false), log(2, "ERROR", "checkout failed: pool exhausted", true),
                log(2, "WARN", "GC pause 120ms", false), log(5, "ERROR", "checkout failed: pool exhausted", true));
    }

    @Test
    void theRowsOrderDoesNotChangeABit() {
        var rows = exceptions();
        var logs = new ArrayList<>(logs());
        var first = ContextJson.write(ContextAssembly.assemble(evidence(rows, logs, new Context.IdPresence(true, false),
                Optional.empty()), ContextAssembly.Limits.DEFAULT));
        Collections.shuffle(rows, new Random(7));
        Collections.shuffle(logs, new Random(7));
        var again = ContextJson.write(ContextAssembly.assemble(evidence(rows, logs, new Context.IdPresence(true, false),
                Optional.empty()), ContextAssembly.Limits.DEFAULT));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void kindsAreCountedMostFirstAndSecretsAreGone() {
        var context = ContextAssembly.assemble(evidence(exceptions(), logs(), new Context.IdPresence(true, false), Optional.empty()),
                ContextAssembly.Limits.DEFAULT);
        assertThat(context.exceptions()).extracting(Context.ExceptionSample::occurrences).containsExactly(10L, 1L);
        assertThat(context.exceptions().get(0).deployHash()).isEqualTo("d2");
        assertThat(context.exceptions().get(1).message()).isEqualTo("token <redacted:jwt> rejected");
        assertThat(ContextJson.write(context)).doesNotContain(JWT.substring(0, 30));
        assertThat(context.logLines()).extracting(l -> l.level() + " " + l.message() + " x" + l.occurrences()).containsExactly(
                "ERROR checkout failed: pool exhausted x2", "WARN GC pause 120ms x1", "INFO served /health x1");
        assertThat(context.deploys()).extracting(d -> d.deployHash() + " " + d.faultBeganWithIt()).containsExactly("d1 false", "d2 true");
        assertThat(context.missingSignals()).containsExactly("trace_id");
        assertThat(ContextJson.read(ContextJson.write(context))).isEqualTo(context);
    }

    @Test
    void aLineAsFrequentAsBeforeTheFaultIsBackgroundAndARisenOrNewOneIsNot() {
        // Ten buckets before the fault, two in it (WINDOW).
        var rows = new ArrayList<EpisodeEvidence.Log>();
        for (int i = 0; i < 2; i++) { // once a bucket, as before (10 in ten buckets)
            rows.add(new EpisodeEvidence.Log(new LogLine(T.plusSeconds(600 + i), "checkout", "error", "cache miss " + i, "", "d2", "", "",
                    ""), false, "sig-background", 10));
        }
        for (int i = 0; i < 6; i++) { // three a bucket, three times as often as before
            rows.add(new EpisodeEvidence.Log(new LogLine(T.plusSeconds(610 + i), "checkout", "error", "timed out", "", "d2", "", "", ""),
                    false, "sig-risen", 10));
        }
        for (int i = 0; i < 2; i++) { // ten times as often as before, but twice only
            rows.add(new EpisodeEvidence.Log(new LogLine(T.plusSeconds(620 + i), "checkout", "error", "rare", "", "d2", "", "", ""),
                    false, "sig-rare", 1));
        }
        rows.add(new EpisodeEvidence.Log(new LogLine(T.plusSeconds(630), "checkout", "error", "brand new", "", "d2", "", "", ""),
                false, "sig-new", 0));

        var context = ContextAssembly.assemble(evidence(List.of(), rows, new Context.IdPresence(false, false), Optional.empty()),
                ContextAssembly.Limits.DEFAULT);

        assertThat(context.logLines()).extracting(Context.LogSample::message, Context.LogSample::aboveBaseline).containsExactlyInAnyOrder(
                tuple("cache miss 0", false), tuple("cache miss 1", false),
                tuple("timed out", true), tuple("rare", false),
                tuple("brand new", true));
    }

    @Test
    void aServiceThatOnlyLogsMissesItsStackTraceAndIds() {
        var context = ContextAssembly.assemble(evidence(List.of(), logs(), new Context.IdPresence(false, false), Optional.empty()),
                ContextAssembly.Limits.DEFAULT);
        assertThat(context.missingSignals()).containsExactly("stack_trace", "request_id", "trace_id");
    }

    @Test
    void overTheTotalBudgetCodeGoesFirstAndTheCutIsRecorded() {
        var code = new Context.Code("acme/shop", "d2", List.of(
                new Context.CodeFile("src/main/java/com/acme/shop/Cart.java", 60, 110, List.of(88), "x".repeat(3000)),
                new Context.CodeFile("src/main/java/com/acme/shop/Pool.java", 1, 50, List.of(12), "y".repeat(3000))), List.of(),
                "d1", List.of(new Context.CodeChange("src/main/java/com/acme/shop/Pool.java", "@@ -12 +12 @@\n-a\n+b")));
        var full = ContextAssembly.assemble(evidence(exceptions(), logs(), new Context.IdPresence(true, true), Optional.of(code)),
                ContextAssembly.Limits.DEFAULT);
        var small = new ContextAssembly.Limits(5, 40, 40, 1000, 10, 5, full.budgets().chars() - 2000);
        var cut = ContextAssembly.assemble(evidence(exceptions(), logs(), new Context.IdPresence(true, true), Optional.of(code)), small);
        assertThat(cut.code().files()).extracting(Context.CodeFile::path).containsExactly("src/main/java/com/acme/shop/Cart.java");
        assertThat(cut.budgets().truncated()).containsExactly("code: src/main/java/com/acme/shop/Pool.java left out for the total budget");
        assertThat(cut.code().changes()).as("the change of a file left out goes with it").isEmpty();
        assertThat(cut.budgets().chars()).isLessThanOrEqualTo(small.totalChars()).isGreaterThan(small.totalChars() - 4000);
        assertThat(cut.budgets().estimatedTokens()).isEqualTo((cut.budgets().chars() + 3) / 4);
        assertThat(cut.logLines()).hasSize(3);
    }
}
