package dev.debugd.agents;

import static dev.debugd.resolve.rules.EvaluationMetrics.ERROR_RATE_AFTER;
import static dev.debugd.resolve.rules.EvaluationMetrics.ERROR_RATE_BEFORE;
import static dev.debugd.resolve.rules.EvaluationMetrics.SIGNATURE_PER_MINUTE_AFTER;
import static dev.debugd.resolve.rules.EvaluationMetrics.SIGNATURE_PER_MINUTE_BEFORE;

import dev.debugd.timeline.Payload;
import dev.debugd.timeline.Payload.EvaluationCompleted.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The Evaluation Agent (design §6): judges a fix from the resolver's before/after figures; it does no I/O. The
 * {@code builtin} rule judges by the figures alone: a fix passes when, over the observation window after it, the
 * incident's signature is back to at most twice its rate before the fault (or one a minute more, for an error that
 * was new) and the service's error rate back to at most twice its share before the fault (or two points more, for a
 * service that had almost none); figures the resolver found too thin are inconclusive. Pure.
 */
public final class EvaluationAgent {

    public static final String RULE = "builtin-evaluation-1";
    /** How much worse than before the fault "back to normal" may be: twice, or this much more in absolute terms. */
    static final double FACTOR = 2;
    static final double SIGNATURE_SLACK_PER_MINUTE = 1;
    static final double ERROR_RATE_SLACK = 0.02;

    private EvaluationAgent() {}

    public static Payload.EvaluationCompleted judge(Payload.EvaluationDue due) {
        var metrics = due.metrics();
        if (due.inconclusive() != null) {
            return new Payload.EvaluationCompleted(false, metrics, "Inconclusive: " + due.inconclusive() + ".", due.fixEventId(),
                    Verdict.INCONCLUSIVE, RULE);
        }
        if (!metrics.containsKey(ERROR_RATE_BEFORE) || !metrics.containsKey(ERROR_RATE_AFTER)) {
            return new Payload.EvaluationCompleted(false, metrics, "Inconclusive: the evaluation carries no before/after figures.",
                    due.fixEventId(), Verdict.INCONCLUSIVE, RULE);
        }
        var failures = new ArrayList<String>();
        var holds = new ArrayList<String>();
        if (metrics.containsKey(SIGNATURE_PER_MINUTE_BEFORE) && metrics.containsKey(SIGNATURE_PER_MINUTE_AFTER)) {
            compare("the error's rate is", metrics.get(SIGNATURE_PER_MINUTE_BEFORE), metrics.get(SIGNATURE_PER_MINUTE_AFTER),
                    SIGNATURE_SLACK_PER_MINUTE, value -> number(value) + "/min", holds, failures);
        }
        compare("the share of failed requests is", metrics.get(ERROR_RATE_BEFORE), metrics.get(ERROR_RATE_AFTER), ERROR_RATE_SLACK,
                EvaluationAgent::percent, holds, failures);
        if (failures.isEmpty()) {
            return new Payload.EvaluationCompleted(true, metrics, "Pass: " + String.join("; ", holds) + ".", due.fixEventId(),
                    Verdict.PASS, RULE);
        }
        return new Payload.EvaluationCompleted(false, metrics, "Fail: " + String.join("; ", failures)
                + (holds.isEmpty() ? "" : "; while " + String.join("; ", holds)) + ". The hypothesis the fix was drafted from"
                + " did not hold against the evidence after it.", due.fixEventId(), Verdict.FAIL, RULE);
    }

    /** Whether a figure is back to normal after the fix (at most twice, or {@code slack} more than, before the fault). */
    private static void compare(String what, double before, double after, double slack, DoubleFunction<String> unit,
            List<String> holds, List<String> failures) {
        double limit = Math.max(FACTOR * before, before + slack);
        var figures = what + " " + unit.apply(after) + " after the fix against " + unit.apply(before) + " before the fault (at most "
                + unit.apply(limit) + ")";
        (after <= limit ? holds : failures).add(figures);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
