package dev.debugd.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RCA Agent's answer: the top hypothesis in the first fields, all of them ranked, labelled, quoting the context. */
class RootCauseAgentTest {

    @Test
    void theTopHypothesisLeadsAndEveryQuoteIsInTheContext() throws Exception {
        var scenario = RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals("java-orders-hikari-pool-exhausted")).findFirst().orElseThrow();
        var context = dev.debugd.bench.rca.ScenarioContext.of(scenario);
        var answer = RootCauseAgent.propose(context);
        assertThat(answer.category()).isEqualTo(RootCauseCategory.POOL_EXHAUSTION);
        assertThat(answer.reasoner()).isEqualTo("builtin/builtin-rca-2");
        assertThat(answer.ranked()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(answer.ranked().get(0).statement()).isEqualTo(answer.hypothesis());
        assertThat(answer.evidence()).isNotEmpty().allSatisfy(quote -> assertThat(
                dev.debugd.context.snapshot.ContextJson.write(context)).contains(quote.substring(0, Math.min(20, quote.length()))));
        assertThatThrownBy(() -> ContextQuotes.checked(context, List.of("an invented line")))
                .hasMessage("the evidence 'an invented line' is not in the context");
    }

    @Test
    void aHypothesisAnEarlierCycleRefutedIsNotProposedAgain() throws Exception {
        var scenario = RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals("java-orders-hikari-pool-exhausted")).findFirst().orElseThrow();
        var context = dev.debugd.bench.rca.ScenarioContext.of(scenario);
        var first = RootCauseAgent.propose(context);
        var refuted = new Payload.EarlierCycle(1, "pool_exhaustion", first.hypothesis(), first.confidence(), "Raise the pool size",
                "fail", "Fail: the error's rate is 40.0/min after the fix");

        var second = RootCauseAgent.propose(context.withEarlierCycles(List.of(refuted)));
        assertThat(second.category()).isNotEqualTo(RootCauseCategory.POOL_EXHAUSTION);
        assertThat(second.ranked()).extracting(Payload.RankedHypothesis::category).doesNotContain(RootCauseCategory.POOL_EXHAUSTION);

        // Every candidate refuted: unknown, naming what was refuted. A passed cycle refutes nothing.
        var all = first.ranked().stream().map(h -> new Payload.EarlierCycle(1, h.category().wire(), h.statement(), h.confidence(), "",
                "fail", "")).toList();
        var none = RootCauseAgent.propose(context.withEarlierCycles(all));
        assertThat(none.category()).isEqualTo(RootCauseCategory.UNKNOWN);
        assertThat(none.confidence()).isEqualTo(0.2);
        assertThat(none.hypothesis()).startsWith("Earlier cycles refuted ").contains("pool_exhaustion");
        var passed = new Payload.EarlierCycle(1, "pool_exhaustion", first.hypothesis(), first.confidence(), "", "pass", "");
        assertThat(RootCauseAgent.propose(context.withEarlierCycles(List.of(passed))).category())
                .isEqualTo(RootCauseCategory.POOL_EXHAUSTION);
    }
}
