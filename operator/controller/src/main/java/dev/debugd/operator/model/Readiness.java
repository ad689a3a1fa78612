package dev.debugd.operator.model;

import dev.debugd.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;

/**
 * A resource's Ready condition as a person reads it: True when everything it asks for exists, otherwise False with a
 * reason (a CamelCase word) and a sentence saying what to do. Pure.
 */
public record Readiness(boolean ready, String reason, String message) {

    public static final String READY = "Ready";

    public static Readiness ready(String message) {
        return new Readiness(true, "Reconciled", message);
    }

    public static Readiness notReady(String reason, String message) {
        return new Readiness(false, reason, message);
    }

    /** Whether a status says the resource was Ready at this generation (then its fact was recorded). */
    public static boolean wasReadyAt(Long observedGeneration, List<Condition> conditions, long generation) {
        return observedGeneration != null && observedGeneration == generation && conditions != null
                && conditions.stream().anyMatch(c -> READY.equals(c.type()) && "True".equals(c.status()));
    }

    /**
     * The conditions to report: the Ready condition keeps its last transition time while its status stays the same,
     * so that an unchanged resource gets an unchanged status (and no patch).
     */
    public List<Condition> conditions(List<Condition> previous, Instant now) {
        var status = ready ? "True" : "False";
        var transition = now.toString();
        if (previous != null) {
            for (var condition : previous) {
                if (READY.equals(condition.type()) && status.equals(condition.status()) && condition.lastTransitionTime() != null) {
                    transition = condition.lastTransitionTime();
                }
            }
        }
        return List.of(new Condition(READY, status, reason, message, transition));
    }
}
