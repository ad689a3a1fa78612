package dev.debugd.resolve.rules;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.Payload.EvaluationCompleted.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The resolver's decisions (ARCHITECTURE §6), each a pure function of the facts folded so far, the settings recorded
 * at the merge and what the shell observed; "now" is an argument, never read. The resolver is the only emitter of
 * {@code FixDeployed}, {@code EvaluationDue} and the machine's {@code IncidentResolved} and
 * {@code InvestigationReopened}, each under a key of its content, so deciding twice writes one fact.
 */
public final class ResolverRules {

    public static final String VERSION = "1";
    public static final Event.Agent RESOLVER = new Event.Agent("resolver", VERSION);
    /** Observation windows tried while the figures are too thin: the tenant's, then twice, then four times it. */
    public static final int WINDOWS = 3;

    /** A deploy that may have carried the fix: its hash (a commit, or an abbreviation) and when it was first seen. */
    public record Sighting(String deployHash, Instant firstSeen) {}

    /** An observation window to evaluate: {@code attempt} 0 is the tenant's length, each next one twice the last. */
    public record Window(Instant start, Instant end, int attempt) {
        public Duration length() {
            return Duration.between(start, end);
        }
    }

    private ResolverRules() {}

    /**
     * The deploys to check against the merge: successful deployments of the merge's repository to the production
     * environment, and the deploy hashes first seen in the service's evidence, within the wait after the merge and
     * final by now (their lateness passed); earliest first, each hash once.
     *
     * @param evidence the service's deploy hashes with their first sighting in its evidence
     */
    public static List<Sighting> sightings(ResolverState.Cycle cycle, FixLoopSettings settings, List<ResolverState.Deployment> reported,
            Map<String, Instant> evidence, Instant now) {
        var applied = cycle.applied().orElseThrow();
        var merge = (Payload.FixApplied) applied.payload();
        var from = applied.time();
        var until = from.plus(settings.deployWait());
        var all = new ArrayList<Sighting>();
        for (var report : reported) {
            var deployment = report.deployment();
            if (deployment.repository().equalsIgnoreCase(merge.repository())
                    && deployment.environment().equals(settings.productionEnvironment())) {
                all.add(new Sighting(deployment.sha(), report.at()));
            }
        }
        evidence.forEach((hash, at) -> all.add(new Sighting(hash, at)));
        var settled = now.minus(settings.lateness());
        var seen = new HashSet<String>();
        return all.stream().filter(s -> !s.firstSeen().isBefore(from) && !s.firstSeen().isAfter(until)
                        && !s.firstSeen().isAfter(settled))
                .sorted(Comparator.comparing(Sighting::firstSeen).thenComparing(Sighting::deployHash))
                .filter(s -> seen.add(s.deployHash())).toList();
    }

    /**
     * The cycle's {@code FixDeployed}: the earliest sighting whose commit the code host says contains the merge commit
     * (a hash it does not know contains nothing); empty when the cycle has one already or no sighting does.
     */
    public static Optional<Event> fixDeployed(ResolverState.Cycle cycle, List<Sighting> sightings, Predicate<String> containsMerge) {
        if (cycle.deployed().isPresent()) {
            return Optional.empty();
        }
        var applied = cycle.applied().orElseThrow();
        var merge = ((Payload.FixApplied) applied.payload()).mergeCommitSha();
        return sightings.stream().filter(s -> containsMerge.test(s.deployHash())).findFirst()
                .map(s -> Event.create(s.firstSeen(), cycle.tenant(), cycle.incident(), cycle.number(),
                        new Payload.FixDeployed(s.deployHash(), merge), RESOLVER,
                        IdempotencyKey.deployed(cycle.tenant(), cycle.incident(), cycle.number(), merge), applied.eventId()));
    }

    /**
     * The window to evaluate next, once its watermark has passed {@code now}: from the deploy, or from the merge when
     * no deploy was seen within the wait; empty while waiting, while an evaluation is under way, after a verdict, and
     * after the longest window.
     */
    public static Optional<Window> nextWindow(ResolverState.Cycle cycle, FixLoopSettings settings, Instant now) {
        if (cycle.closed() || cycle.applied().isEmpty()) {
            return Optional.empty();
        }
        var completions = cycle.completions();
        if (completions.stream().anyMatch(c -> !verdict(c).equals(Verdict.INCONCLUSIVE))) {
            return Optional.empty();
        }
        int attempt = completions.size();
        if (attempt >= WINDOWS || cycle.dues().size() > attempt) {
            return Optional.empty();
        }
        Instant start;
        if (!cycle.dues().isEmpty()) {
            start = ((Payload.EvaluationDue) cycle.dues().get(0).payload()).windowStart(); // one start for every window
        } else if (cycle.deployed().isPresent()) {
            start = cycle.deployed().get().time();
        } else {
            var merged = cycle.applied().get().time();
            if (now.isBefore(merged.plus(settings.deployWait()).plus(settings.lateness()))) {
                return Optional.empty(); // a deploy may still be seen
            }
            start = merged;
        }
        var end = start.plus(settings.observationWindow().multipliedBy(1L << attempt));
        return now.isBefore(end.plus(settings.lateness())) ? Optional.empty() : Optional.of(new Window(start, end, attempt));
    }

    /** The window of equal length that ends where the fault began: what "normal" was. */
    public static Window before(ResolverState.Detection detection, Window after) {
        return new Window(detection.episodeStart().minus(after.length()), detection.episodeStart(), after.attempt());
    }

    /** The {@code EvaluationDue} of a window with its figures, at the window's end plus the lateness. */
    public static Event evaluationDue(ResolverState.Cycle cycle, Window window, EvaluationMetrics.Figures figures,
            FixLoopSettings settings) {
        var applied = cycle.applied().orElseThrow();
        return Event.create(window.end().plus(settings.lateness()), cycle.tenant(), cycle.incident(), cycle.number(),
                new Payload.EvaluationDue(applied.eventId(), window.start(), window.end(), figures.metrics(),
                        figures.inconclusive().orElse(null)), RESOLVER,
                IdempotencyKey.evaluationDue(cycle.tenant(), cycle.incident(), cycle.number(), window.attempt()),
                cycle.deployed().orElse(applied).eventId());
    }

    /**
     * What a verdict comes to, at the verdict's time (or its window's watermark, should the verdict carry an earlier
     * one): {@code IncidentResolved} on a pass; {@code InvestigationReopened} (the next cycle) on a
     * fail, or when the longest window was inconclusive too, while cycles remain; nothing after the tenant's last
     * cycle (the incident needs a human), while more windows remain, or when the cycle is closed already (a person's
     * resolution or suppression stands).
     */
    public static Optional<Event> afterEvaluation(ResolverState.Cycle cycle, FixLoopSettings settings) {
        return afterEvaluation(cycle, settings, List.of());
    }

    /** @param earlierCycles what this cycle and the ones before it proposed, for the next cycle's context */
    public static Optional<Event> afterEvaluation(ResolverState.Cycle cycle, FixLoopSettings settings,
            List<Payload.EarlierCycle> earlierCycles) {
        var completions = cycle.completions();
        if (cycle.closed() || completions.isEmpty()) {
            return Optional.empty();
        }
        var decisive = completions.stream().filter(c -> !verdict(c).equals(Verdict.INCONCLUSIVE)).findFirst();
        if (decisive.isEmpty() && completions.size() < WINDOWS) {
            return Optional.empty();
        }
        var judged = decisive.orElse(completions.get(completions.size() - 1));
        var completed = (Payload.EvaluationCompleted) judged.payload();
        // Never before the window it judged was final: the next cycle's context reads the evidence up to this time.
        var at = cycle.dues().stream().map(Event::time).filter(due -> due.isAfter(judged.time())).max(Instant::compareTo)
                .orElse(judged.time());
        if (verdict(judged).equals(Verdict.PASS)) {
            return Optional.of(Event.create(at, cycle.tenant(), cycle.incident(), cycle.number(),
                    new Payload.IncidentResolved("evaluation_passed", judged.eventId()), RESOLVER,
                    IdempotencyKey.resolved(cycle.tenant(), cycle.incident(), cycle.number()), judged.eventId()));
        }
        if (cycle.number() >= settings.maxCycles()) {
            return Optional.empty();
        }
        var reason = (decisive.isPresent() ? "the fix of cycle " + cycle.number() + " failed its evaluation: "
                : "cycle " + cycle.number() + "'s evaluation stayed inconclusive over its longest window: ")
                + completed.assessment();
        return Optional.of(Event.create(at, cycle.tenant(), cycle.incident(), cycle.number() + 1,
                new Payload.InvestigationReopened(reason, judged.eventId(), earlierCycles), RESOLVER,
                IdempotencyKey.reopened(cycle.tenant(), cycle.incident(), cycle.number()), judged.eventId()));
    }

    private static String verdict(Event completion) {
        return ((Payload.EvaluationCompleted) completion.payload()).verdictOrPassed();
    }
}
