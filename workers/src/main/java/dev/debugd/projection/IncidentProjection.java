package dev.debugd.projection;

import dev.debugd.projection.IncidentView.CycleView;
import dev.debugd.projection.IncidentView.Detection;
import dev.debugd.projection.IncidentView.Evaluation;
import dev.debugd.projection.IncidentView.Failure;
import dev.debugd.projection.IncidentView.FailureKind;
import dev.debugd.projection.IncidentView.FixDraft;
import dev.debugd.projection.IncidentView.Hypothesis;
import dev.debugd.projection.IncidentView.InstrumentationProposal;
import dev.debugd.projection.IncidentView.PullRequest;
import dev.debugd.projection.IncidentView.PullRequestKind;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The incident view as a pure function of an incident's history. Nothing depends on the order records were
 * read in: lists are sorted by (cycle, time, event id), statuses follow a fixed precedence, and facts about one
 * pull request are joined by its repository and number.
 */
public final class IncidentProjection {

    private static final Comparator<Event> STABLE =
            Comparator.comparingInt(Event::cycle).thenComparing(Event::time).thenComparing(Event::eventId);

    private IncidentProjection() {}

    public static IncidentView view(IncidentHistory history) {
        var events = history.winners().stream().map(r -> r.event()).sorted(STABLE).toList();
        int latestCycle = events.stream().mapToInt(Event::cycle).max().orElse(1);

        var cycles = new TreeMap<Integer, CycleBuilder>();
        var hypotheses = new ArrayList<Hypothesis>();
        var drafts = new ArrayList<FixDraft>();
        var instrumentation = new ArrayList<InstrumentationProposal>();
        var pullRequests = new LinkedHashMap<String, PullRequestBuilder>();
        var deploys = new HashMap<String, Payload.FixDeployed>();
        var deployTimes = new HashMap<String, Instant>();
        var evaluations = new ArrayList<Evaluation>();
        var failures = new ArrayList<Failure>();
        var counts = new TreeMap<String, Integer>();
        Detection detection = null;
        int unknown = 0;

        for (var event : events) {
            var cycle = cycles.computeIfAbsent(event.cycle(), CycleBuilder::new);
            counts.merge(event.eventType(), 1, Integer::sum);
            if (event.payload() instanceof Payload.Unknown) {
                unknown++;
                continue;
            }
            cycle.seen(event);
            var payload = event.payload();
            if (payload instanceof Payload.IncidentDetected d) {
                cycle.raise(IncidentStatus.DETECTED);
                if (detection == null) { // events are sorted: the first is the earliest
                    detection = new Detection(d.service(), d.signature(), d.rule(), d.source(), d.title(),
                            d.episodeStart(), event.time());
                }
            } else if (payload instanceof Payload.ContextBuilt) {
                cycle.raise(IncidentStatus.CONTEXT_BUILT);
            } else if (payload instanceof Payload.RootCauseProposed r) {
                cycle.raise(IncidentStatus.ROOT_CAUSE_PROPOSED);
                hypotheses.add(new Hypothesis(event.eventId(), event.cycle(), event.time(), r.hypothesis(),
                        r.category(), r.confidence(), event.agent().version()));
            } else if (payload instanceof Payload.FixDrafted f) {
                drafts.add(new FixDraft(event.eventId(), event.cycle(), event.time(), f.summary()));
            } else if (payload instanceof Payload.FixProposed p) {
                cycle.raise(IncidentStatus.FIX_PROPOSED);
                pullRequest(pullRequests, PullRequestKind.FIX, p.repository(), p.pullRequest()).opened(p.url(), event.time());
            } else if (payload instanceof Payload.FixApplied a) {
                cycle.raise(IncidentStatus.FIX_APPLIED);
                pullRequest(pullRequests, PullRequestKind.FIX, a.repository(), a.pullRequest())
                        .merged(a.mergeCommitSha(), event.time());
            } else if (payload instanceof Payload.FixDeployed d) {
                deploys.putIfAbsent(d.mergeCommitSha(), d);
                deployTimes.putIfAbsent(d.mergeCommitSha(), event.time());
            } else if (payload instanceof Payload.InstrumentationProposed i) {
                instrumentation.add(new InstrumentationProposal(event.eventId(), event.cycle(), event.time(),
                        i.summary(), i.missingSignals()));
            } else if (payload instanceof Payload.InstrumentationPullRequestOpened o) {
                pullRequest(pullRequests, PullRequestKind.INSTRUMENTATION, o.repository(), o.pullRequest())
                        .opened(o.url(), event.time());
            } else if (payload instanceof Payload.IncidentResolved) {
                cycle.raise(IncidentStatus.RESOLVED);
            } else if (payload instanceof Payload.IncidentSuppressed) {
                cycle.raise(IncidentStatus.SUPPRESSED);
            } else if (payload instanceof Payload.InvestigationReopened) {
                cycle.raise(IncidentStatus.REOPENED);
            } else if (payload instanceof Payload.EvaluationCompleted e) {
                evaluations.add(new Evaluation(event.eventId(), event.cycle(), event.time(), e.passed(),
                        e.assessment(), e.metrics()));
            } else if (payload instanceof Payload.AgentRunFailed f) {
                failures.add(failure(event, FailureKind.AGENT_RUN_FAILED, f.taskKey() + ": " + f.error()));
            } else if (payload instanceof Payload.TaskAbandoned a) {
                failures.add(failure(event, FailureKind.TASK_ABANDONED, a.taskType() + " task " + a.taskKey()
                        + " abandoned after " + a.receiveCount() + " receives: " + a.reason()));
            } else if (payload instanceof Payload.DispatchFailed d) {
                failures.add(failure(event, FailureKind.DISPATCH_FAILED, d.reason()));
            } else if (payload instanceof Payload.EventRejected r) {
                failures.add(failure(event, FailureKind.EVENT_REJECTED,
                        r.topic() + "/" + r.partition() + "@" + r.offset() + ": " + r.reason()));
            }
            // EvaluationDue, TaskRequested, TaskRetryRequested and configuration facts only count.
        }
        cycles.computeIfAbsent(latestCycle, CycleBuilder::new);
        var cycleViews = cycles.values().stream().map(CycleBuilder::build).toList();
        var prs = pullRequests.values().stream()
                .map(pr -> pr.build(deploys.get(pr.mergeCommitSha), deployTimes.get(pr.mergeCommitSha)))
                .sorted(Comparator.comparing(PullRequest::kind).thenComparing(PullRequest::repository)
                        .thenComparingInt(PullRequest::number))
                .toList();
        return new IncidentView(history.tenantId(), history.incidentId(), cycleViews.get(cycleViews.size() - 1).status(),
                latestCycle, detection, cycleViews, List.copyOf(hypotheses), List.copyOf(drafts),
                List.copyOf(instrumentation), prs, List.copyOf(evaluations), List.copyOf(failures), Map.copyOf(counts),
                unknown);
    }

    private static Failure failure(Event event, FailureKind kind, String detail) {
        return new Failure(event.eventId(), event.cycle(), event.time(), kind, detail);
    }

    private static PullRequestBuilder pullRequest(Map<String, PullRequestBuilder> all, PullRequestKind kind,
            String repository, int number) {
        return all.computeIfAbsent(kind + " " + repository + "#" + number, k -> new PullRequestBuilder(kind, repository, number));
    }

    private static final class CycleBuilder {
        private final int cycle;
        private IncidentStatus status;
        private final Map<String, Instant> firstSeen = new TreeMap<>();

        CycleBuilder(int cycle) {
            this.cycle = cycle;
            this.status = IncidentStatus.PENDING;
        }

        void seen(Event event) {
            firstSeen.merge(event.eventType(), event.time(), (a, b) -> a.isBefore(b) ? a : b);
        }

        void raise(IncidentStatus candidate) {
            if (candidate.compareTo(status) > 0) {
                status = candidate;
            }
        }

        CycleView build() {
            return new CycleView(cycle, status, Map.copyOf(firstSeen));
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

        PullRequestBuilder merged(String sha, Instant time) {
            if (mergedAt == null) {
                this.mergeCommitSha = sha;
                this.mergedAt = time;
            }
            return this;
        }

        PullRequest build(Payload.FixDeployed deploy, Instant deployedAt) {
            return new PullRequest(kind, repository, number, url, openedAt, mergedAt, mergeCommitSha, deployedAt,
                    deploy == null ? null : deploy.deployHash());
        }
    }
}
