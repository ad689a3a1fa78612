package dev.debugd.agents;

import dev.debugd.agents.builtin.BuiltinRootCauses;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The RCA Agent (design §6): from a context, ranked root-cause hypotheses. With the {@code builtin} provider its
 * reasoning is {@link BuiltinRootCauses}'s rules, less the categories earlier cycles' fixes refuted (it moves to its
 * next candidate, or answers unknown); every quoted evidence line is checked to be in the context. A past incident
 * of the tenant like this one ({@link Context#pastIncidents}, nearest first) counts as evidence for what it turned out
 * to be: the nearest whose category is known and not refuted raises a hypothesis of that category, or adds one, and
 * is cited. Pure.
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
        var past = context.pastIncidents().stream().filter(p -> !p.category().equals(RootCauseCategory.UNKNOWN.wire())
                && !refuted.contains(p.category())).findFirst();
        if (past.isPresent()) {
            ranked = withPast(ranked, past.get(), context);
        }
        if (ranked.isEmpty()) {
            ranked = List.of(new Payload.RankedHypothesis(RootCauseCategory.UNKNOWN, "Earlier cycles refuted " + String.join(", ",
                    refuted) + " for " + context.incident().service() + " and no other known failure pattern stands out; more"
                    + " signals are needed", 0.2, List.of()));
        }
        var top = ranked.get(0);
        return new Payload.RootCauseProposed(top.statement(), top.category(), top.confidence(), top.evidence(), null, ranked,
                BUILTIN);
    }

    /** How much a past incident as alike as can be adds to the confidence of the hypothesis it agrees with. */
    static final double PAST_AGREES = 0.15;

    /**
     * The hypotheses with what a past incident turned out to be: the one of its category gains confidence (with its
     * similarity) and cites it; none of its category, one is added with the past confidence discounted by the similarity
     * (and by a fifth when the evidence itself points elsewhere). Best first, three at most.
     */
    private static List<Payload.RankedHypothesis> withPast(List<Payload.RankedHypothesis> ranked, Context.PastIncident past,
            Context context) {
        var category = RootCauseCategory.fromWire(past.category());
        var citation = ContextQuotes.checked(context, List.of(ContextQuotes.pastIncident(past))).get(0);
        var merged = new ArrayList<Payload.RankedHypothesis>();
        boolean agreed = false;
        for (var hypothesis : ranked) {
            if (hypothesis.category() == category) {
                agreed = true;
                var evidence = new ArrayList<String>();
                evidence.add(citation);
                evidence.addAll(hypothesis.evidence());
                merged.add(new Payload.RankedHypothesis(category, hypothesis.statement() + " (as in past incident "
                        + past.incidentId() + ")", round(Math.min(0.95, hypothesis.confidence() + PAST_AGREES * past.similarity())),
                        List.copyOf(evidence)));
            } else {
                merged.add(hypothesis);
            }
        }
        if (!agreed) {
            boolean elsewhere = ranked.stream().anyMatch(h -> h.category() != RootCauseCategory.UNKNOWN);
            merged.add(new Payload.RankedHypothesis(category, "As in past incident " + past.incidentId() + " of "
                    + past.service() + " (resolved, " + past.resolution() + "): " + past.hypothesis(),
                    round(Math.max(0.05, Math.min(0.9, past.confidence()) * past.similarity() * (elsewhere ? 0.8 : 1))),
                    List.of(citation)));
        }
        merged.sort(Comparator.comparingDouble(Payload.RankedHypothesis::confidence).reversed());
        return List.copyOf(merged.subList(0, Math.min(3, merged.size())));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
