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
        assertThat(answer.reasoner()).isEqualTo("builtin/builtin-rca-3");
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

    private static dev.debugd.context.snapshot.Context.PastIncident past(String id, String category, String hypothesis,
            double confidence, double similarity) {
        return new dev.debugd.context.snapshot.Context.PastIncident(id, 1, "orders", "New error in orders",
                java.time.Instant.parse("2026-11-01T10:00:00Z"), java.time.Instant.parse("2026-11-01T11:00:00Z"), "a person",
                category, hypothesis, confidence, "Raise the pool size", "pass", "the error is gone", similarity);
    }

    @Test
    void aPastIncidentLikeThisOneIsCitedAndCountsForWhatItTurnedOutToBe() throws Exception {
        var scenario = RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals("java-orders-hikari-pool-exhausted")).findFirst().orElseThrow();
        var context = dev.debugd.bench.rca.ScenarioContext.of(scenario);
        var alone = RootCauseAgent.propose(context);

        // It agrees: the same category, more confident (0.15 × 0.9 more, within 0.95), citing the past incident first.
        var agreeing = RootCauseAgent.propose(context.withPastIncidents(List.of(past("inc-7", "pool_exhaustion",
                "The pool of orders is exhausted", 0.8, 0.9)), ""));
        assertThat(agreeing.category()).isEqualTo(RootCauseCategory.POOL_EXHAUSTION);
        assertThat(agreeing.confidence()).isEqualTo(Math.min(0.95, Math.round((alone.confidence() + 0.135) * 100) / 100.0));
        assertThat(agreeing.evidence().get(0)).isEqualTo("past incident inc-7");
        assertThat(agreeing.hypothesis()).endsWith("(as in past incident inc-7)");

        // It says something else: added with 0.7 × 0.85 × 0.8 = 0.48 (the evidence points elsewhere), below what the
        // evidence itself says.
        var other = RootCauseAgent.propose(context.withPastIncidents(List.of(past("inc-8", "dns_or_network",
                "orders-db does not resolve", 0.7, 0.85)), ""));
        assertThat(other.category()).isEqualTo(RootCauseCategory.POOL_EXHAUSTION);
        assertThat(other.ranked()).anySatisfy(h -> {
            assertThat(h.category()).isEqualTo(RootCauseCategory.DNS_OR_NETWORK);
            assertThat(h.confidence()).isEqualTo(0.48);
            assertThat(h.statement()).isEqualTo("As in past incident inc-8 of orders (resolved, a person): orders-db does not resolve");
            assertThat(h.evidence()).containsExactly("past incident inc-8");
        });

        // A past incident that was never understood (unknown) adds nothing.
        var unknown = RootCauseAgent.propose(context.withPastIncidents(List.of(past("inc-9", "unknown", "No known failure"
                + " pattern stands out", 0.2, 0.95)), ""));
        assertThat(unknown.ranked()).isEqualTo(alone.ranked());
    }

    @Test
    void whenTheEvidenceSaysNothingClearThePastIncidentLeads() throws Exception {
        var scenario = RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals("py-checkout-opaque-internal-error")).findFirst().orElseThrow();
        var context = dev.debugd.bench.rca.ScenarioContext.of(scenario);
        assertThat(RootCauseAgent.propose(context).category()).isEqualTo(RootCauseCategory.UNKNOWN);

        // 0.8 (its confidence, within 0.9) × 0.8 similarity, undiscounted: nothing else points anywhere.
        var answer = RootCauseAgent.propose(context.withPastIncidents(List.of(past("inc-3", "missing_config",
                "STRIPE_KEY is not set in checkout", 0.8, 0.8)), ""));
        assertThat(answer.category()).isEqualTo(RootCauseCategory.MISSING_CONFIG);
        assertThat(answer.confidence()).isEqualTo(0.64);
        assertThat(answer.evidence()).containsExactly("past incident inc-3");
        assertThat(answer.ranked()).extracting(Payload.RankedHypothesis::category)
                .containsExactly(RootCauseCategory.MISSING_CONFIG, RootCauseCategory.UNKNOWN);
    }
}
