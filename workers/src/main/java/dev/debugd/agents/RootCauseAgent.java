package dev.debugd.agents;

import dev.debugd.agents.builtin.BuiltinRootCauses;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;

/**
 * The RCA Agent (design §6): from a context, ranked root-cause hypotheses. With the {@code builtin} provider its
 * reasoning is {@link BuiltinRootCauses}'s rules; every quoted evidence line is checked to be in the context. Pure.
 */
public final class RootCauseAgent {

    public static final String BUILTIN = "builtin/" + BuiltinRootCauses.RULES_VERSION;

    private RootCauseAgent() {}

    public static Payload.RootCauseProposed propose(Context context) {
        var ranked = BuiltinRootCauses.propose(context).stream()
                .map(h -> new Payload.RankedHypothesis(h.category(), h.statement(), h.confidence(), ContextQuotes.checked(context,
                        h.evidence())))
                .toList();
        var top = ranked.get(0);
        return new Payload.RootCauseProposed(top.statement(), top.category(), top.confidence(), top.evidence(), null, ranked,
                BUILTIN);
    }
}
