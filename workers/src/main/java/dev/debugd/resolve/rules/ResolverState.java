package dev.debugd.resolve.rules;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the resolver knows, folded from the facts it reads (any order, each event once by its id): per incident its
 * detection, per cycle its merge, deploy, evaluations and whether it is closed; per tenant the deployments reported.
 * Pure.
 */
public final class ResolverState {

    /** What the resolver needs of an incident's detection: where and what to measure, and since when it was wrong. */
    public record Detection(String service, Optional<String> signature, Instant episodeStart) {}

    /** A successful deployment a code host reported, at its time. */
    public record Deployment(Instant at, Payload.DeploymentSucceeded deployment) {}

    /** One investigation cycle of an incident as far as the fix loop goes. */
    public static final class Cycle {
        private final String tenant;
        private final String incident;
        private final int number;
        private Event rootCause;
        private Event draft;
        private Event applied;
        private Event deployed;
        private final List<Event> dues = new ArrayList<>();
        private final List<Event> completions = new ArrayList<>();
        private boolean closed;

        Cycle(String tenant, String incident, int number) {
            this.tenant = tenant;
            this.incident = incident;
            this.number = number;
        }

        public String tenant() {
            return tenant;
        }

        public String incident() {
            return incident;
        }

        public int number() {
            return number;
        }

        /** The cycle's FixApplied (the earliest, should there be two merges). */
        public Optional<Event> applied() {
            return Optional.ofNullable(applied);
        }

        public Optional<Event> deployed() {
            return Optional.ofNullable(deployed);
        }

        /** Its EvaluationDue facts, shortest window first. */
        public List<Event> dues() {
            return List.copyOf(dues);
        }

        /** Its EvaluationCompleted facts, earliest first. */
        public List<Event> completions() {
            return List.copyOf(completions);
        }

        /** Resolved, suppressed or reopened, by the machine or a person: nothing more to decide. */
        public boolean closed() {
            return closed;
        }
    }

    private static final Comparator<Event> BY_TIME = Comparator.comparing(Event::time).thenComparing(Event::eventId);

    private final Set<UUID> seen = new HashSet<>();
    private final Map<String, Detection> detections = new HashMap<>();
    private final Map<String, Instant> detectedAt = new HashMap<>();
    private final Map<String, TreeMap<Integer, Cycle>> cycles = new HashMap<>();
    private final Map<String, List<Deployment>> deployments = new HashMap<>();

    /** Folds one fact in; one already folded (the same event id) changes nothing. */
    public void add(Event event) {
        if (!seen.add(event.eventId())) {
            return;
        }
        var payload = event.payload();
        var incident = event.tenantId() + "/" + event.incidentId();
        if (payload instanceof Payload.IncidentDetected detected) {
            // The earliest detection of an incident (the detector's and a person's may both exist) says what it is.
            var earlier = detectedAt.get(incident);
            if (earlier == null || event.time().isBefore(earlier)) {
                detectedAt.put(incident, event.time());
                detections.put(incident, new Detection(detected.service(), Optional.ofNullable(detected.signature())
                        .filter(s -> !s.isEmpty()), detected.episodeStart()));
            }
        } else if (payload instanceof Payload.DeploymentSucceeded deployment) {
            deployments.computeIfAbsent(event.tenantId(), t -> new ArrayList<>()).add(new Deployment(event.time(), deployment));
        } else if (payload instanceof Payload.RootCauseProposed) {
            var cycle = cycle(event);
            cycle.rootCause = earliest(cycle.rootCause, event);
        } else if (payload instanceof Payload.FixDrafted) {
            var cycle = cycle(event);
            cycle.draft = earliest(cycle.draft, event);
        } else if (payload instanceof Payload.FixApplied) {
            var cycle = cycle(event);
            if (cycle.applied == null || BY_TIME.compare(event, cycle.applied) < 0) {
                cycle.applied = event;
            }
        } else if (payload instanceof Payload.FixDeployed) {
            var cycle = cycle(event);
            if (cycle.deployed == null || BY_TIME.compare(event, cycle.deployed) < 0) {
                cycle.deployed = event;
            }
        } else if (payload instanceof Payload.EvaluationDue) {
            var dues = cycle(event).dues;
            dues.add(event);
            dues.sort(Comparator.comparing((Event e) -> window((Payload.EvaluationDue) e.payload())).thenComparing(Event::eventId));
        } else if (payload instanceof Payload.EvaluationCompleted) {
            var completions = cycle(event).completions;
            completions.add(event);
            completions.sort(BY_TIME);
        } else if (payload instanceof Payload.IncidentResolved || payload instanceof Payload.IncidentSuppressed) {
            cycle(event).closed = true;
        } else if (payload instanceof Payload.InvestigationReopened && event.cycle() > 1) {
            // The event carries the new cycle: the one before it is closed.
            cycleOf(event.tenantId(), event.incidentId(), event.cycle() - 1).closed = true;
        }
    }

    public Optional<Detection> detection(String tenant, String incident) {
        return Optional.ofNullable(detections.get(tenant + "/" + incident));
    }

    /** The cycles with a merged fix that are not closed: the ones the resolver still has to decide on. */
    public List<Cycle> open() {
        var open = new ArrayList<Cycle>();
        cycles.values().forEach(byNumber -> byNumber.values().stream().filter(c -> c.applied != null && !c.closed)
                .forEach(open::add));
        open.sort(Comparator.comparing(Cycle::tenant).thenComparing(Cycle::incident).thenComparingInt(Cycle::number));
        return open;
    }

    /** The tenant's reported deployments, earliest first. */
    public List<Deployment> deployments(String tenant) {
        return deployments.getOrDefault(tenant, List.of()).stream()
                .sorted(Comparator.comparing(Deployment::at).thenComparingLong(d -> d.deployment().deployment())).toList();
    }

    /**
     * What each cycle of an incident up to {@code through} proposed and how its fix was judged: the cycles with a root
     * cause, in order, each with its fix's summary and the verdict that decided it (texts cut to 500 characters).
     */
    public List<Payload.EarlierCycle> earlierCycles(String tenant, String incident, int through) {
        var earlier = new ArrayList<Payload.EarlierCycle>();
        for (var cycle : cycles.getOrDefault(tenant + "/" + incident, new TreeMap<>()).headMap(through, true).values()) {
            if (cycle.rootCause == null) {
                continue;
            }
            var cause = (Payload.RootCauseProposed) cycle.rootCause.payload();
            var fix = cycle.draft == null ? "" : ((Payload.FixDrafted) cycle.draft.payload()).summary();
            var judged = cycle.completions.stream().filter(c -> !((Payload.EvaluationCompleted) c.payload()).verdictOrPassed()
                    .equals(Payload.EvaluationCompleted.Verdict.INCONCLUSIVE)).findFirst()
                    .or(() -> cycle.completions.isEmpty() ? Optional.empty() : Optional.of(cycle.completions.get(cycle.completions.size() - 1)));
            var verdict = judged.map(c -> ((Payload.EvaluationCompleted) c.payload()).verdictOrPassed()).orElse("");
            var assessment = judged.map(c -> ((Payload.EvaluationCompleted) c.payload()).assessment()).orElse("");
            earlier.add(new Payload.EarlierCycle(cycle.number, cause.category().wire(), cut(cause.hypothesis()), cause.confidence(),
                    cut(fix), verdict, cut(assessment)));
        }
        return earlier;
    }

    private static String cut(String text) {
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }

    private static Event earliest(Event kept, Event candidate) {
        return kept == null || BY_TIME.compare(candidate, kept) < 0 ? candidate : kept;
    }

    private Cycle cycle(Event event) {
        return cycleOf(event.tenantId(), event.incidentId(), event.cycle());
    }

    private Cycle cycleOf(String tenant, String incident, int number) {
        return cycles.computeIfAbsent(tenant + "/" + incident, k -> new TreeMap<>())
                .computeIfAbsent(number, n -> new Cycle(tenant, incident, n));
    }

    private static Duration window(Payload.EvaluationDue due) {
        return Duration.between(due.windowStart(), due.windowEnd());
    }
}
