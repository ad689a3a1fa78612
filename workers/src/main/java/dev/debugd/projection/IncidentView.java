package dev.debugd.projection;

import dev.debugd.timeline.RootCauseCategory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What is known about one incident: a pure function of the set of its records (see {@link IncidentHistory}). */
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
        Map<String, Integer> counts,
        int unknownEvents) {

    /** From the incident's IncidentDetected (the earliest, if a human and the detector both opened it). */
    public record Detection(String service, String signature, String rule, String source, String title,
            Instant episodeStart, Instant detectedAt) {}

    /** One investigation cycle: its status and when each of its facts was first recorded. */
    public record CycleView(int cycle, IncidentStatus status, Map<String, Instant> firstSeen) {}

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

    public record Evaluation(UUID eventId, int cycle, Instant time, boolean passed, String assessment,
            Map<String, Double> metrics) {}

    public enum FailureKind { AGENT_RUN_FAILED, TASK_ABANDONED, DISPATCH_FAILED, EVENT_REJECTED }

    public record Failure(UUID eventId, int cycle, Instant time, FailureKind kind, String detail) {}
}
