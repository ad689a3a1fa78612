package dev.debugd.agents;

import dev.debugd.agents.builtin.BuiltinRootCauses;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The RCA Agent (design §6): from a context, ranked root-cause hypotheses. With the {@code builtin} provider its
 * reasoning is {@link BuiltinRootCauses}'s rules, less the categories earlier cycles' fixes refuted (it moves to its
 * next candidate, or answers unknown); every quoted evidence line is checked to be in the context. Pure.
 */
public final class RootCauseAgent {

    public static final String BUILTIN = "builtin/" + BuiltinRootCauses.RULES_VERSION;

    private RootCauseAgent() {}

    public static Payload.RootCauseProposed propose(Context context) {
        // A hypothesis an earlier cycle's fix refuted (its evaluation did not pass) is not proposed again.
        var refuted = context.earlierCycles().stream()
                .filter(cycle -> !cycle.verdict().equals(Payload.EvaluationCompleted.Verdict.PASS))
                .map(Payload.EarlierCycle::category).filter(category -> !category.equals(RootCauseCategory.UNKNOWN.wire()))
                .collect(Collectors.toCollection(TreeSet::new));
        var ranked = BuiltinRootCauses.propose(context).stream()
                .filter(h -> !refuted.contains(h.category().wire()))
                .map(h -> new Payload.RankedHypothesis(h.category(), h.statement(), h.confidence(), ContextQuotes.checked(context,
                        h.evidence())))
                .toList();
        if (ranked.isEmpty()) {
            ranked = List.of(new Payload.RankedHypothesis(RootCauseCategory.UNKNOWN, "Earlier cycles refuted " + String.join(", ",
                    refuted) + " for " + context.incident().service() + " and no other known failure pattern stands out; more"
                    + " signals are needed", 0.2, List.of()));
        }
        var top = ranked.get(0);
        return new Payload.RootCauseProposed(top.statement(), top.category(), top.confidence(), top.evidence(), null, ranked,
                BUILTIN);
    }
}
