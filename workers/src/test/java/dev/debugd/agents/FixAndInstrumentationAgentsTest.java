package dev.debugd.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The builtin Fix and Instrumentation Agents: described changes without invented diffs, additions tied to missing signals. */
class FixAndInstrumentationAgentsTest {

    private static RcaScenario scenario(String id) throws Exception {
        return RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream().filter(s -> s.id().equals(id))
                .findFirst().orElseThrow();
    }

    @Test
    void aFixWithoutCodeInTheContextIsADescribedChangeWithNoDiff() throws Exception {
        var context = ScenarioContext.of(scenario("java-orders-hikari-pool-exhausted"));
        var cause = RootCauseAgent.propose(context);
        var causeId = UUID.fromString("00000000-0000-0000-0000-000000000007");
        var fix = FixAgent.draft(context, cause, causeId);
        assertThat(fix.hasPatch()).isFalse();
        assertThat(fix.summary()).startsWith("Find the connections orders-api holds too long");
        assertThat(fix.rationale()).contains("pool_exhaustion", cause.hypothesis());
        assertThat(fix.risk()).contains("not a diff");
        assertThat(fix.rootCauseEventId()).isEqualTo(causeId);
        assertThat(fix.reasoner()).isEqualTo("builtin/builtin-fix-1");
    }

    @Test
    void eachMissingSignalGetsItsAdditionAndADoubtfulCauseOneMore() throws Exception {
        var context = ScenarioContext.of(scenario("py-checkout-opaque-internal-error"));
        assertThat(context.missingSignals()).contains("stack_trace", "request_id", "trace_id");
        var cause = RootCauseAgent.propose(context);
        assertThat(cause.category()).isEqualTo(RootCauseCategory.UNKNOWN);
        var proposal = InstrumentationAgent.propose(context, Optional.of(cause));
        assertThat(proposal.missingSignals()).isEqualTo(context.missingSignals());
        assertThat(proposal.additions()).hasSize(context.missingSignals().size() + 1);
        assertThat(proposal.additions()).extracting(a -> a.substring(0, a.indexOf(':')))
                .containsExactlyElementsOf(concat(context.missingSignals(), "cause"));
        assertThat(proposal.patch()).isNull();
        var withoutCause = InstrumentationAgent.propose(context, Optional.empty());
        assertThat(withoutCause.additions()).hasSize(context.missingSignals().size());
    }

    private static List<String> concat(List<String> list, String last) {
        var all = new java.util.ArrayList<>(list);
        all.add(last);
        return all;
    }
}
