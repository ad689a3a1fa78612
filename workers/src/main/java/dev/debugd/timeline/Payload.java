package dev.debugd.timeline;

import static dev.debugd.timeline.Fields.atLeast;
import static dev.debugd.timeline.Fields.fraction;
import static dev.debugd.timeline.Fields.list;
import static dev.debugd.timeline.Fields.map;
import static dev.debugd.timeline.Fields.present;
import static dev.debugd.timeline.Fields.text;

import dev.debugd.operator.api.v1alpha1.ModelPrices;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The payload of every event type, one record per type; the record's simple name is the wire name of its
 * event type (see {@link EventType}). Required fields are checked on construction, so a decoded payload is a
 * valid one. Numbers of pull requests, offsets etc. are the external systems' own.
 */
public sealed interface Payload {

    // --- debugging.timeline: lifecycle facts ------------------------------------------------------------

    /** An anomaly found by the detector (source "detector") or an incident opened by a human ("manual"). */
    record IncidentDetected(String service, String signature, int signatureVersion, String rule,
            Instant episodeStart, Map<String, Double> evidence, String source, String title) implements Payload {
        public IncidentDetected {
            text(service, "service");
            text(rule, "rule");
            present(episodeStart, "episode_start");
            text(source, "source");
            evidence = map(evidence);
        }
    }

    /** The bounded context the agents reason over, stored inline so replay never rebuilds it. */
    record ContextBuilt(RawJson context, List<String> missingSignals) implements Payload {
        public ContextBuilt {
            present(context, "context");
            missingSignals = list(missingSignals);
        }
    }

    /**
     * The top root cause in the first fields; {@code ranked} holds every hypothesis in order (the top one first, up to
     * three), and {@code reasoner} what produced them (e.g. "builtin/builtin-rca-3"). Both optional: older facts lack them.
     * {@code traceId} is the run's trace, when tracing is on.
     */
    record RootCauseProposed(String hypothesis, RootCauseCategory category, Double confidence,
            List<String> evidence, String traceId, List<RankedHypothesis> ranked, String reasoner, ModelUsage usage)
            implements Payload {
        public RootCauseProposed {
            text(hypothesis, "hypothesis");
            present(category, "category");
            fraction(present(confidence, "confidence"), "confidence");
            evidence = list(evidence);
            ranked = list(ranked);
        }

        /** A root cause of no model (the builtin reasoner), or recorded before usage was. */
        public RootCauseProposed(String hypothesis, RootCauseCategory category, Double confidence, List<String> evidence,
                String traceId, List<RankedHypothesis> ranked, String reasoner) {
            this(hypothesis, category, confidence, evidence, traceId, ranked, reasoner, null);
        }

        /** A root cause as facts before ranked hypotheses carried it: the top answer alone. */
        public RootCauseProposed(String hypothesis, RootCauseCategory category, Double confidence, List<String> evidence,
                String traceId) {
            this(hypothesis, category, confidence, evidence, traceId, List.of(), null);
        }
    }

    /**
     * What an agent run on a model used: the model, the tokens in and out (summed over its attempts), how long it took,
     * how many attempts it made, and what it cost when the profile has prices. Optional fields of optional payloads.
     */
    record ModelUsage(String model, Long inputTokens, Long outputTokens, Long latencyMillis, Integer attempts, Double cost) {}

    /** One of a RootCauseProposed's hypotheses: a category, a one-line statement, a confidence, the evidence quoted. */
    record RankedHypothesis(RootCauseCategory category, String statement, Double confidence, List<String> evidence) {
        public RankedHypothesis {
            present(category, "category");
            text(statement, "statement");
            fraction(present(confidence, "confidence"), "confidence");
            evidence = list(evidence);
        }
    }

    /**
     * A pull request opened for a fix draft by the code-host integration: its number and URL, and (optional: older facts
     * lack them) its branch and the head commit it was opened with.
     */
    record FixProposed(String repository, int pullRequest, String url, UUID draftEventId, String branch, String headSha)
            implements Payload {
        public FixProposed {
            text(repository, "repository");
            atLeast(pullRequest, 1, "pull_request");
        }

        /** A pull request as facts before its branch and head were recorded. */
        public FixProposed(String repository, int pullRequest, String url, UUID draftEventId) {
            this(repository, pullRequest, url, draftEventId, null, null);
        }
    }

    /** A fix pull request merged (webhook or human); it may arrive before the FixProposed it refers to. */
    record FixApplied(String repository, int pullRequest, String mergeCommitSha, String mergedBy) implements Payload {
        public FixApplied {
            text(repository, "repository");
            atLeast(pullRequest, 1, "pull_request");
            text(mergeCommitSha, "merge_commit_sha");
        }
    }

    /** reason: "evaluation_passed" (the resolver) or "human". */
    record IncidentResolved(String reason, UUID evaluationEventId) implements Payload {
        public IncidentResolved {
            text(reason, "reason");
        }
    }

    /** by: "suppression_rule" (the context builder) or a human's name. */
    record IncidentSuppressed(String reason, String rule, String by) implements Payload {
        public IncidentSuppressed {
            text(reason, "reason");
            text(by, "by");
        }
    }

    // --- debugging.timeline: progress facts -------------------------------------------------------------

    /**
     * A remediation: a unified diff when the context held the code it changes, otherwise a described change with no
     * patch (never an invented one), which asks for no pull request. {@code rationale}, {@code risk} and {@code reasoner}
     * are optional (older facts lack them).
     */
    record FixDrafted(String summary, String patch, UUID rootCauseEventId, String rationale, String risk, String reasoner,
            ModelUsage usage, String traceId) implements Payload {
        public FixDrafted {
            text(summary, "summary");
        }

        /** A fix recorded before its run's trace id was. */
        public FixDrafted(String summary, String patch, UUID rootCauseEventId, String rationale, String risk, String reasoner,
                ModelUsage usage) {
            this(summary, patch, rootCauseEventId, rationale, risk, reasoner, usage, null);
        }

        /** A fix as facts before rationale and risk were recorded. */
        public FixDrafted(String summary, String patch, UUID rootCauseEventId) {
            this(summary, patch, rootCauseEventId, null, null, null, null);
        }

        /** A fix of no model (the builtin reasoner), or recorded before usage was. */
        public FixDrafted(String summary, String patch, UUID rootCauseEventId, String rationale, String risk, String reasoner) {
            this(summary, patch, rootCauseEventId, rationale, risk, reasoner, null);
        }

        public boolean hasPatch() {
            return patch != null && !patch.isBlank();
        }
    }

    /**
     * The smallest observability additions that would have made the incident diagnosable, each tied to a missing
     * signal ({@code additions}, optional), with a diff when the code is in the context.
     */
    record InstrumentationProposed(String summary, List<String> missingSignals, String patch, List<String> additions,
            String reasoner, ModelUsage usage, String traceId) implements Payload {
        public InstrumentationProposed {
            text(summary, "summary");
            missingSignals = list(missingSignals);
            additions = list(additions);
        }

        /** A proposal recorded before its run's trace id was. */
        public InstrumentationProposed(String summary, List<String> missingSignals, String patch, List<String> additions,
                String reasoner, ModelUsage usage) {
            this(summary, missingSignals, patch, additions, reasoner, usage, null);
        }

        /** A proposal as facts before its additions were listed one by one. */
        public InstrumentationProposed(String summary, List<String> missingSignals, String patch) {
            this(summary, missingSignals, patch, List.of(), null, null);
        }

        /** A proposal of no model (the builtin reasoner), or recorded before usage was. */
        public InstrumentationProposed(String summary, List<String> missingSignals, String patch, List<String> additions,
                String reasoner) {
            this(summary, missingSignals, patch, additions, reasoner, null);
        }

        public boolean hasPatch() {
            return patch != null && !patch.isBlank();
        }
    }

    /** An instrumentation proposal's pull request; {@code branch} and {@code headSha} as in {@link FixProposed}. */
    record InstrumentationPullRequestOpened(String repository, int pullRequest, String url, UUID proposalEventId, String branch,
            String headSha) implements Payload {
        public InstrumentationPullRequestOpened {
            text(repository, "repository");
            atLeast(pullRequest, 1, "pull_request");
        }

        public InstrumentationPullRequestOpened(String repository, int pullRequest, String url, UUID proposalEventId) {
            this(repository, pullRequest, url, proposalEventId, null, null);
        }
    }

    /**
     * A pull request of ours closed without a merge, or an instrumentation pull request merged (a fix's merge is a
     * {@code FixApplied}): {@code kind} is "fix" or "instrumentation"; {@code mergeCommitSha} only when merged;
     * {@code closedBy} who closed or merged it, when known.
     */
    record PullRequestClosed(String repository, int pullRequest, String branch, String kind, Boolean merged,
            String mergeCommitSha, String closedBy) implements Payload {
        public PullRequestClosed {
            text(repository, "repository");
            atLeast(pullRequest, 1, "pull_request");
            text(branch, "branch");
            if (!"fix".equals(kind) && !"instrumentation".equals(kind)) {
                throw new IllegalArgumentException("kind must be fix or instrumentation, not " + kind);
            }
            present(merged, "merged");
        }
    }

    /** A deploy containing the merge commit was seen. */
    record FixDeployed(String deployHash, String mergeCommitSha) implements Payload {
        public FixDeployed {
            text(deployHash, "deploy_hash");
            text(mergeCommitSha, "merge_commit_sha");
        }
    }

    /**
     * Starts the next cycle; the event itself carries the new cycle number. {@code earlierCycles}: what each cycle before
     * it proposed and how its fix was judged, so the next context carries them and no refuted hypothesis is proposed
     * again (empty when not known, e.g. a person's reopen).
     */
    record InvestigationReopened(String reason, UUID evaluationEventId, List<EarlierCycle> earlierCycles) implements Payload {
        public InvestigationReopened {
            text(reason, "reason");
            earlierCycles = list(earlierCycles);
        }

        public InvestigationReopened(String reason, UUID evaluationEventId) {
            this(reason, evaluationEventId, List.of());
        }
    }

    /**
     * One closed cycle as the next one learns from it: its top hypothesis (category, statement, confidence), the fix
     * drafted from it (its summary, empty without one) and the evaluation's verdict and reasoning (empty without one).
     */
    record EarlierCycle(int cycle, String category, String hypothesis, double confidence, String fix, String verdict,
            String assessment) {
        public EarlierCycle {
            atLeast(cycle, 1, "cycle");
            text(category, "category");
            text(hypothesis, "hypothesis");
        }
    }

    // --- debugging.evaluation ---------------------------------------------------------------------------

    /**
     * A successful deployment a code host reported (GitHub's {@code deployment_status}), kept for the resolver, which
     * decides whether it carried a fix: the repository, the environment (the resolver counts the Integration's
     * production environment only), the commit deployed, the code host's deployment id, and who created the status.
     * Recorded under the tenant's {@code _deployments} incident, at the status's time.
     */
    record DeploymentSucceeded(String repository, String environment, String sha, long deployment, String by)
            implements Payload {
        public DeploymentSucceeded {
            text(repository, "repository");
            text(environment, "environment");
            text(sha, "sha");
            if (deployment < 1) {
                throw new IllegalArgumentException("deployment must be at least 1, got " + deployment);
            }
        }
    }

    /**
     * The observation window after a fix has passed its watermark: {@code fixEventId} is the cycle's FixApplied, the
     * window starts at the deploy (or the merge, without one); {@code metrics} are the resolver's deterministic
     * before/after figures (see {@code resolve.rules.EvaluationMetrics}); {@code inconclusive} says why they cannot
     * judge the fix (too few requests in a window), null when they can.
     */
    record EvaluationDue(UUID fixEventId, Instant windowStart, Instant windowEnd, Map<String, Double> metrics,
            String inconclusive) implements Payload {
        public EvaluationDue {
            present(windowStart, "window_start");
            present(windowEnd, "window_end");
            if (windowEnd.isBefore(windowStart)) {
                throw new IllegalArgumentException("window_end is before window_start");
            }
            metrics = map(metrics);
        }

        /** As recorded before the metrics were. */
        public EvaluationDue(UUID fixEventId, Instant windowStart, Instant windowEnd) {
            this(fixEventId, windowStart, windowEnd, Map.of(), null);
        }
    }

    /**
     * The Evaluation Agent's judgement of a fix: {@code verdict} pass, fail or inconclusive ({@code passed} true only on
     * a pass), the {@code rule} it applied, the metrics it judged, and its reasoning in {@code assessment}.
     */
    record EvaluationCompleted(Boolean passed, Map<String, Double> metrics, String assessment, UUID fixEventId, String verdict,
            String rule) implements Payload {
        public EvaluationCompleted {
            present(passed, "passed");
            text(assessment, "assessment");
            metrics = map(metrics);
            if (verdict != null && !Verdict.NAMES.contains(verdict)) {
                throw new IllegalArgumentException("verdict must be one of " + Verdict.NAMES + ", not " + verdict);
            }
            if (verdict != null && passed != verdict.equals(Verdict.PASS)) {
                throw new IllegalArgumentException("passed must be true exactly when the verdict is pass");
            }
        }

        /** As recorded before verdicts were: a pass or a fail. */
        public EvaluationCompleted(Boolean passed, Map<String, Double> metrics, String assessment, UUID fixEventId) {
            this(passed, metrics, assessment, fixEventId, null, null);
        }

        /** The verdict, for facts recorded before verdicts were too. */
        public String verdictOrPassed() {
            return verdict != null ? verdict : passed ? Verdict.PASS : Verdict.FAIL;
        }

        /** The verdicts' names. */
        public static final class Verdict {
            public static final String PASS = "pass";
            public static final String FAIL = "fail";
            public static final String INCONCLUSIVE = "inconclusive";
            static final List<String> NAMES = List.of(PASS, FAIL, INCONCLUSIVE);

            private Verdict() {}
        }
    }

    // --- debugging.internal -----------------------------------------------------------------------------

    /** Where a record sits in Kafka. */
    record RecordPosition(String topic, int partition, long offset) {
        public RecordPosition {
            text(topic, "topic");
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("partition and offset must not be negative");
            }
        }
    }

    /** Work required by the dispatcher's rules, recorded before it is sent (ARCHITECTURE §4). */
    /**
     * @param records by name, where each record the worker needs sits ("context": the cycle's ContextBuilt, "root_cause",
     *     "draft"), so no worker searches the timeline; optional (older facts lack it)
     */
    record TaskRequested(String taskKey, String taskType, String queue, RecordPosition trigger, UUID triggerEventId,
            String rule, Map<String, String> inputs, Map<String, RecordPosition> records) implements Payload {
        public TaskRequested {
            text(taskKey, "task_key");
            text(taskType, "task_type");
            text(queue, "queue");
            present(trigger, "trigger");
            text(rule, "rule");
            inputs = map(inputs);
            records = map(records);
        }

        /** A task as facts before input records were listed. */
        public TaskRequested(String taskKey, String taskType, String queue, RecordPosition trigger, UUID triggerEventId,
                String rule, Map<String, String> inputs) {
            this(taskKey, taskType, queue, trigger, triggerEventId, rule, inputs, Map.of());
        }
    }

    record TaskRetryRequested(String taskKey, String requestedBy, int attempt) implements Payload {
        public TaskRetryRequested {
            text(taskKey, "task_key");
            text(requestedBy, "requested_by");
            atLeast(attempt, 1, "attempt");
        }
    }

    record TaskAbandoned(String taskKey, String taskType, int receiveCount, String reason) implements Payload {
        public TaskAbandoned {
            text(taskKey, "task_key");
            text(taskType, "task_type");
            text(reason, "reason");
        }
    }

    /** {@code traceId}: the failed run's trace (optional: older facts, and runs with tracing off, lack it). */
    record AgentRunFailed(String taskKey, String error, boolean retryable, String traceId) implements Payload {
        public AgentRunFailed {
            text(taskKey, "task_key");
            text(error, "error");
        }

        public AgentRunFailed(String taskKey, String error, boolean retryable) {
            this(taskKey, error, retryable, null);
        }
    }

    /** A record that could not be decoded or validated, kept as a fact instead of being dropped. */
    record EventRejected(String topic, int partition, long offset, String reason, int length, String sha256,
            String prefix) implements Payload {
        public EventRejected {
            text(topic, "topic");
            text(reason, "reason");
            text(sha256, "sha256");
            present(prefix, "prefix");
        }
    }

    /** A trigger the dispatcher could not decide yet, with where it sits, to be decided when configuration changes. */
    record DispatchFailed(UUID triggerEventId, String reason, RecordPosition trigger) implements Payload {
        public DispatchFailed {
            present(triggerEventId, "trigger_event_id");
            present(trigger, "trigger");
            text(reason, "reason");
        }
    }

    /**
     * @param setting what the agent runs on at this version (absent in facts recorded before settings were): outputs
     *     are keyed by version alone, so a setting may change only with the version
     */
    record AgentVersionActivated(String agentProfile, String agent, String version, long generation, AgentSetting setting)
            implements Payload {
        public AgentVersionActivated {
            text(agentProfile, "agent_profile");
            text(agent, "agent");
            text(version, "version");
        }
    }

    /** An agent's model setting (ARCHITECTURE §6: the whole of it is recorded with each version). */
    /**
     * An agent's whole setting, recorded with its version. {@code credentials} names the Secret key that holds the
     * provider's API key (a reference, never the key); {@code prices} what its tokens cost; both optional.
     */
    record AgentSetting(String provider, String model, Double temperature, String promptVersion, String baseUrl,
            SecretKeyRef credentials, ModelPrices prices) {
        public AgentSetting {
            text(provider, "provider");
        }

        /** A setting of no credentials and no prices (the builtin reasoner, a local server), or recorded before them. */
        public AgentSetting(String provider, String model, Double temperature, String promptVersion, String baseUrl) {
            this(provider, model, temperature, promptVersion, baseUrl, null, null);
        }
    }

    record TenantConfigChanged(long generation, JsonNode config) implements Payload {
        public TenantConfigChanged {
            present(config, "config");
        }
    }

    // --- newer than this reader ---------------------------------------------------------------------------

    /** An event of a newer schema version than this reader knows: kept as it came and shown as unknown. */
    record Unknown(JsonNode raw) implements Payload {
        public Unknown {
            present(raw, "payload");
        }
    }
}
