package dev.debugd.proposals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullRequestTextTest {

    private static Context context() throws Exception {
        return ScenarioContext.of(RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals("rb-storefront-nil-price-nomethoderror")).findFirst().orElseThrow());
    }

    @Test
    void aFixsPullRequestStatesTheHypothesisItsEvidenceTheChangeTheRiskAndTheEvaluation() throws Exception {
        var context = context();
        var fix = new Payload.FixDrafted("Guard the price lookup against products without a price", "--- a/x\n+++ b/x\n", null,
                "The deploy removed the guard", "A product without a price is now shown as unavailable", "builtin/builtin-fix-1");
        var cause = new Payload.RootCauseProposed("A defect in storefront's code", RootCauseCategory.CODE_DEFECT, 0.77,
                List.of("undefined method `amount' for nil:NilClass", "a line with ``` backticks"), null);

        var text = PullRequestText.fix(context, fix, Optional.of(cause), Optional.of("https://debugd.example/incidents/i-1"),
                "debugd/fix/t/i/cycle-1-v1");

        var service = context.incident().service();
        assertThat(text.title()).isEqualTo("Fix " + service + ": Guard the price lookup against products without a price");
        assertThat(text.body())
                .contains("[incident `" + context.incident().incidentId() + "`](https://debugd.example/incidents/i-1)")
                .contains("### Hypothesis\n\n**code_defect** (confidence 0.77): A defect in storefront's code\n")
                .contains("```\nundefined method `amount' for nil:NilClass\na line with ''' backticks\n```\n")
                .contains("### The change\n\nGuard the price lookup against products without a price\n\nThe deploy removed the guard\n")
                .contains("### Risk\n\nA product without a price is now shown as unavailable\n")
                .contains("### How it will be evaluated\n\nOnce this is merged and deployed")
                .contains("branch `debugd/fix/t/i/cycle-1-v1`; drafted by `builtin/builtin-fix-1`");
        assertThat(text.commitMessage()).startsWith(text.title() + "\n\nProposed by debugd for incident "
                + context.incident().incidentId());
    }

    @Test
    void aLongSummaryGivesATitleOfAHundredCharactersAndNoRootCauseIsSaid() throws Exception {
        var fix = new Payload.FixDrafted("x".repeat(300) + "\nsecond line", null, null);

        var text = PullRequestText.fix(context(), fix, Optional.empty(), Optional.empty(), "b");

        assertThat(text.title()).hasSize(100).endsWith("…");
        assertThat(text.body()).contains("The root cause this fix was drafted from is not listed with the task.")
                .contains("### Risk\n\nNot stated by the draft.").doesNotContain("](");
    }
}
