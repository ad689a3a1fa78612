package dev.debugd.projection;

import dev.debugd.timeline.Payload.EvaluationCompleted.Verdict;
import dev.debugd.timeline.RootCauseCategory;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What is known about one incident: a pure function of the set of its records (see {@link IncidentHistory}).
 *
 * <p>{@code status} and {@code cycle} are the incident's current cycle's: the highest cycle read, except that cycles
 * opened by a void reopen of the resolver are not current (see {@link CycleView#reopenVoid} and
 * {@link IncidentProjection}). {@code cycles} lists every cycle read, those too, and the lists (hypotheses, drafts,
 * pull requests, evaluations, failures) and counts hold the facts of every cycle.
 */
public record IncidentView(
        String tenantId,
        String incidentId,
        IncidentStatus status,
        int cycle,
        Detection detection,
        List<CycleView> cycles,
        List<Hypothesis> hypotheses,
        List<FixDraft> fixDrafts,
        List<InstrumentationProposal> instrumentation,
        List<PullRequest> pullRequests,
        List<Evaluation> evaluations,
        List<Failure> failures,
        List<PersonAction> actions,
        Map<String, Integer> counts,
        int unknownEvents) {

    /**
     * What a list shows of the incident's diagnosis: the most confident hypothesis of the latest cycle that has one
     * (of equally confident ones, the latest).
     */
    public Optional<Hypothesis> topHypothesis() {
        return hypotheses.stream().max(Comparator.comparingInt(Hypothesis::cycle).thenComparingDouble(Hypothesis::confidence)
                .thenComparing(Hypothesis::time));
    }

    /** From the incident's IncidentDetected (the earliest, if a human and the detector both opened it). */
    public record Detection(String service, String signature, String rule, String source, String title,
            Instant episodeStart, Instant detectedAt) {}

    /**
     * One investigation cycle: its status and when each of its facts was first recorded.
     *
     * @param reopenVoid true when the resolver reopened this cycle (an {@code InvestigationReopened} of agent
     *     "resolver" carrying the next cycle) although a person had closed it (an {@code IncidentResolved} with reason
     *     "human", or an {@code IncidentSuppressed} by a person rather than "suppression_rule"): the reopen is void,
     *     the person's close stands, and the next cycle (with any facts recorded in it all the same, and the cycles
     *     after it) is listed but is not the incident's current cycle unless a person reopens it
     */
    public record CycleView(int cycle, IncidentStatus status, Map<String, Instant> firstSeen, boolean reopenVoid) {}

    public record Hypothesis(UUID eventId, int cycle, Instant time, String hypothesis, RootCauseCategory category,
            double confidence, String agentVersion) {}

    public record FixDraft(UUID eventId, int cycle, Instant time, String summary) {}

    public record InstrumentationProposal(UUID eventId, int cycle, Instant time, String summary,
            List<String> missingSignals) {}

    public enum PullRequestKind { FIX, INSTRUMENTATION }

    /** A pull request, merged from every fact about it (opened, merged, deployed) whatever their order. */
    /** A pull request of the incident; {@code closedAt} when it was closed without a merge. */
    public record PullRequest(PullRequestKind kind, String repository, int number, String url, Instant openedAt,
            Instant mergedAt, String mergeCommitSha, Instant deployedAt, String deployHash, Instant closedAt) {

        /** A pull request open, or merged. */
        public PullRequest(PullRequestKind kind, String repository, int number, String url, Instant openedAt, Instant mergedAt,
                String mergeCommitSha, Instant deployedAt, String deployHash) {
            this(kind, repository, number, url, openedAt, mergedAt, mergeCommitSha, deployedAt, deployHash, null);
        }
    }

    /**
     * An {@code EvaluationCompleted}.
     *
     * @param verdict "pass", "fail" or "inconclusive"; for a fact recorded before verdicts were, "pass" or "fail" as
     *     it passed
     */
    public record Evaluation(UUID eventId, int cycle, Instant time, boolean passed, String verdict, String assessment,
            Map<String, Double> metrics) {

        /** An evaluation recorded before verdicts were: a pass or a fail. */
        public Evaluation(UUID eventId, int cycle, Instant time, boolean passed, String assessment,
                Map<String, Double> metrics) {
            this(eventId, cycle, time, passed, passed ? Verdict.PASS : Verdict.FAIL, assessment, metrics);
        }
    }

    public enum FailureKind { AGENT_RUN_FAILED, TASK_ABANDONED, DISPATCH_FAILED, EVENT_REJECTED }

    /** What a person did, as the facts they recorded through the API say (design §12: humans emit facts). */
    public enum PersonActionKind { OPENED, RESOLVED, SUPPRESSED, REOPENED, RETRIED }

    /**
     * A person's fact: who (the name of the token it came with), what, and why when they said.
     *
     * @param detail the reason they gave (a suppression's, a reopen's), or the task a retry is of; null otherwise
     */
    public record PersonAction(UUID eventId, int cycle, Instant time, PersonActionKind kind, String person, String detail) {}

    public record Failure(UUID eventId, int cycle, Instant time, FailureKind kind, String detail) {}
}
