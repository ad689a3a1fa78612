package dev.debugd.projection;

import dev.debugd.projection.IncidentView.CycleView;
import dev.debugd.projection.IncidentView.Detection;
import dev.debugd.projection.IncidentView.Evaluation;
import dev.debugd.projection.IncidentView.Failure;
import dev.debugd.projection.IncidentView.FixDraft;
import dev.debugd.projection.IncidentView.Hypothesis;
import dev.debugd.projection.IncidentView.InstrumentationProposal;
import dev.debugd.projection.IncidentView.PersonAction;
import dev.debugd.projection.IncidentView.PersonActionKind;
import dev.debugd.projection.IncidentView.PullRequest;
import dev.debugd.projection.IncidentView.PullRequestKind;
import dev.debugd.resolve.rules.ResolverRules;
import dev.debugd.timeline.Payload.EvaluationCompleted.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident view as a pure function of an incident's history: a fold of its facts (what each record tells,
 * see {@link Fact#of}). Nothing depends on the order records were read in: lists are sorted by (cycle, time,
 * event id), statuses follow a fixed precedence, and facts about one pull request are joined by its repository
 * and number.
 *
 * <p>Each cycle's status is the highest its facts raise it to ({@link IncidentStatus}); an {@code EvaluationCompleted}
 * with the verdict "fail", or the cycle's third distinct inconclusive one ({@link ResolverRules#WINDOWS}, the longest
 * window), raises it to NEEDS_HUMAN. The incident's status and cycle are its current cycle's: the highest cycle read,
 * unless a machine reopen is void. The resolver's {@code InvestigationReopened} into cycle n+1 is void when cycle n
 * has a person's close (an {@code IncidentResolved} with reason "human", or an {@code IncidentSuppressed} by a person,
 * not "suppression_rule"): the person's close stands, whichever was written or read first. Cycle n is then marked
 * ({@link IncidentView.CycleView#reopenVoid}) and stays the current cycle: cycle n+1, and every cycle after it until a
 * person's own reopen (never void) opens one, is listed with its facts but is not current. These are decided after the
 * fold, from the set of cycles, so they too are independent of the order of the records.
 */
public final class IncidentProjection {

    /** (cycle, time, event id), written out: a replay sorts every fact once, and composed comparators cost twice this. */
    private static final Comparator<Fact> STABLE = (a, b) -> {
        int order = Integer.compare(a.cycle(), b.cycle());
        if (order == 0) {
            order = a.time().compareTo(b.time());
        }
        return order != 0 ? order : a.eventId().compareTo(b.eventId());
    };

    private IncidentProjection() {}

    public static IncidentView view(IncidentHistory history) {
        var facts = history.winners();
        facts.sort(STABLE);

        var cycles = new ArrayList<CycleBuilder>(); // in ascending order, as the facts are sorted by cycle first
        var hypotheses = new ArrayList<Hypothesis>();
        var drafts = new ArrayList<FixDraft>();
        var instrumentation = new ArrayList<InstrumentationProposal>();
        var pullRequests = new LinkedHashMap<String, PullRequestBuilder>();
        var deploys = new HashMap<String, Fact.Deployed>();
        var deployTimes = new HashMap<String, Instant>();
        var evaluations = new ArrayList<Evaluation>();
        var failures = new ArrayList<Failure>();
        var actions = new ArrayList<PersonAction>();
        var counts = new HashMap<String, Integer>();
        Detection detection = null;
        int unknown = 0;

        CycleBuilder cycle = null;
        for (var fact : facts) {
            if (cycle == null || cycle.cycle != fact.cycle()) {
                cycle = new CycleBuilder(fact.cycle());
                cycles.add(cycle);
            }
            counts.merge(fact.eventType(), 1, Integer::sum);
            var part = fact.part();
            if (part instanceof Fact.NotUnderstood) {
                unknown++;
                continue;
            }
            cycle.seen(fact);
            if (fact.raises() != null) {
                cycle.raise(fact.raises());
            }
            if (part instanceof Fact.Closed c) {
                cycle.closedByPerson |= c.byPerson();
                if (c.action() != null) {
                    actions.add(c.action());
                }
            } else if (part instanceof Fact.Reopened r) {
                if (r.byResolver()) {
                    cycle.reopenedByResolver = true;
                } else {
                    cycle.reopenedByPerson = true;
                    actions.add(r.action());
                }
            } else if (part instanceof Fact.Retried r) {
                actions.add(r.action());
            } else if (part instanceof Fact.Detected d) {
                if (detection == null) { // facts are sorted: the first is the earliest
                    detection = d.detection();
                }
                var source = d.detection().source();
                if (source != null && source.startsWith(Fact.OPENED_THROUGH_API)) {
                    actions.add(new PersonAction(fact.eventId(), fact.cycle(), fact.time(), PersonActionKind.OPENED,
                            source.substring(Fact.OPENED_THROUGH_API.length()), null));
                }
            } else if (part instanceof Fact.Proposed p) {
                hypotheses.add(p.hypothesis());
            } else if (part instanceof Fact.Drafted d) {
                drafts.add(d.draft());
            } else if (part instanceof Fact.Instrumented i) {
                instrumentation.add(i.proposal());
            } else if (part instanceof Fact.PullRequestOpened o) {
                pullRequest(pullRequests, o.kind(), o.repository(), o.number()).opened(o.url(), fact.time());
            } else if (part instanceof Fact.PullRequestMerged m) {
                pullRequest(pullRequests, m.kind(), m.repository(), m.number()).merged(m.mergeCommitSha(), fact.time());
            } else if (part instanceof Fact.PullRequestClosedUnmerged c) {
                pullRequest(pullRequests, c.kind(), c.repository(), c.number()).closed(fact.time());
            } else if (part instanceof Fact.Deployed d) {
                deploys.putIfAbsent(d.mergeCommitSha(), d);
                deployTimes.putIfAbsent(d.mergeCommitSha(), fact.time());
            } else if (part instanceof Fact.Evaluated e) {
                evaluations.add(e.evaluation());
                if (Verdict.INCONCLUSIVE.equals(e.evaluation().verdict())) {
                    cycle.inconclusive++; // winners are one per event id: distinct evaluations
                }
            } else if (part instanceof Fact.Failed f) {
                failures.add(f.failure());
            }
        }
        if (cycles.isEmpty()) {
            cycles.add(new CycleBuilder(1));
        }
        var current = current(cycles);
        var cycleViews = new ArrayList<CycleView>(cycles.size());
        cycles.forEach(builder -> cycleViews.add(builder.build()));
        var prs = pullRequests.isEmpty() ? List.<PullRequest>of() : pullRequests.values().stream()
                .map(pr -> pr.build(deploys.get(pr.mergeCommitSha), deployTimes.get(pr.mergeCommitSha)))
                .sorted(Comparator.comparing(PullRequest::kind).thenComparing(PullRequest::repository)
                        .thenComparingInt(PullRequest::number))
                .toList();
        return new IncidentView(history.tenantId(), history.incidentId(), current.status(), current.cycle, detection,
                List.copyOf(cycleViews), List.copyOf(hypotheses), List.copyOf(drafts), List.copyOf(instrumentation), prs, List.copyOf(evaluations), List.copyOf(failures), List.copyOf(actions), Map.copyOf(counts),
                unknown);
    }

    /**
     * Marks the cycles whose resolver reopen is void and returns the current cycle: the highest one not cut off by a
     * void reopen. Walking up the cycles, a person's reopen makes its cycle current again; otherwise a void reopen
     * (the resolver's, of a cycle a person closed) leaves its cycle and the ones after it behind. The first cycle read
     * is always current (nothing below it can void its opening). {@code cycles} is ascending and not empty.
     */
    private static CycleBuilder current(List<CycleBuilder> cycles) {
        CycleBuilder current = cycles.get(0);
        CycleBuilder previous = null;
        boolean live = true;
        for (var builder : cycles) {
            var before = previous != null && previous.cycle == builder.cycle - 1 ? previous : null;
            previous = builder;
            if (builder.reopenedByResolver && before != null && before.closedByPerson) {
                before.reopenVoid = true;
            }
            if (builder.reopenedByPerson) {
                live = true;
            } else if (before != null && before.reopenVoid) {
                live = false;
            }
            if (live) {
                current = builder;
            }
        }
        return current;
    }

    private static PullRequestBuilder pullRequest(Map<String, PullRequestBuilder> all, PullRequestKind kind,
            String repository, int number) {
        return all.computeIfAbsent(kind + " " + repository + "#" + number, k -> new PullRequestBuilder(kind, repository, number));
    }

    private static final class CycleBuilder {
        private final int cycle;
        private IncidentStatus status;
        private final Map<String, Instant> firstSeen = new HashMap<>();
        /** A person resolved or suppressed this cycle. */
        private boolean closedByPerson;
        /** The resolver's InvestigationReopened opened this cycle (it reopened the one before). */
        private boolean reopenedByResolver;
        /** A person's InvestigationReopened opened this cycle. */
        private boolean reopenedByPerson;
        /** The resolver's reopen of this cycle is void: a person closed it. */
        private boolean reopenVoid;
        /** Distinct inconclusive evaluations of this cycle. */
        private int inconclusive;

        CycleBuilder(int cycle) {
            this.cycle = cycle;
            this.status = IncidentStatus.PENDING;
        }

        /** Facts come sorted by (cycle, time): the first of a type in its cycle is the earliest. */
        void seen(Fact fact) {
            firstSeen.putIfAbsent(fact.eventType(), fact.time());
        }

        void raise(IncidentStatus candidate) {
            if (candidate.compareTo(status) > 0) {
                status = candidate;
            }
        }

        /** The cycle's status: the highest raised, or NEEDS_HUMAN once its longest window was inconclusive too. */
        IncidentStatus status() {
            return inconclusive >= ResolverRules.WINDOWS && IncidentStatus.NEEDS_HUMAN.compareTo(status) > 0
                    ? IncidentStatus.NEEDS_HUMAN : status;
        }

        CycleView build() {
            return new CycleView(cycle, status(), Map.copyOf(firstSeen), reopenVoid);
        }
    }

    /** Events arrive sorted, so the first value seen for a field is the earliest one's. */
    private static final class PullRequestBuilder {
        private final PullRequestKind kind;
        private final String repository;
        private final int number;
        private String url;
        private Instant openedAt;
        private Instant mergedAt;
        private String mergeCommitSha;
        private Instant closedAt;

        PullRequestBuilder(PullRequestKind kind, String repository, int number) {
            this.kind = kind;
            this.repository = repository;
            this.number = number;
        }

        PullRequestBuilder opened(String url, Instant time) {
            if (openedAt == null) {
                this.url = url;
                this.openedAt = time;
            }
            return this;
        }

        PullRequestBuilder closed(Instant time) {
            if (closedAt == null) {
                this.closedAt = time;
            }
            return this;
        }

        PullRequestBuilder merged(String sha, Instant time) {
            if (mergedAt == null) {
                this.mergeCommitSha = sha;
                this.mergedAt = time;
            }
            return this;
        }

        PullRequest build(Fact.Deployed deploy, Instant deployedAt) {
            return new PullRequest(kind, repository, number, url, openedAt, mergedAt, mergeCommitSha, deployedAt,
                    deploy == null ? null : deploy.deployHash(), closedAt);
        }
    }
}
