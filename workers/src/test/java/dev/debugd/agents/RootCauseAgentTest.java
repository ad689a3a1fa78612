package dev.debugd.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.bench.rca.RcaScenario;
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
}
