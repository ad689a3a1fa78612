package dev.debugd.projection;

import dev.debugd.projection.IncidentView.Detection;
import dev.debugd.projection.IncidentView.Evaluation;
import dev.debugd.projection.IncidentView.Failure;
import dev.debugd.projection.IncidentView.FailureKind;
import dev.debugd.projection.IncidentView.FixDraft;
import dev.debugd.projection.IncidentView.Hypothesis;
import dev.debugd.projection.IncidentView.InstrumentationProposal;
import dev.debugd.projection.IncidentView.PersonAction;
import dev.debugd.projection.IncidentView.PersonActionKind;
import dev.debugd.projection.IncidentView.PullRequestKind;
import dev.debugd.resolve.rules.ResolverRules;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.Payload.EvaluationCompleted.Verdict;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * What one record tells its incident's view, read once as the record is merged: its place in the order (cycle,
 * time, event id), its type (for counts and first sightings), the status it raises and the part of the view it
 * adds, with where it was read (for the lowest-offset rule). Nothing else of the record is kept, as a replay
 * holds every fact of every incident in memory.
 *
 * <p>Who closed or reopened a cycle matters to the fold (a resolver's reopen is void against a person's close, see
 * {@link IncidentProjection}), and so does an evaluation's verdict (a fail, or a cycle's third inconclusive one, needs
 * a human): both are read here, into shared constants or the evaluation's canonical verdict string, so a fact is no
 * larger for them.
 *
 * @param raises the status this fact raises its cycle to, or null (an inconclusive evaluation raises nothing by itself:
 *     the fold counts them)
 * @param part what it adds to the view, or null for the types the view only counts (TaskRequested,
 *     TaskRetryRequested, EvaluationDue, configuration facts)
 */
public record Fact(UUID eventId, int cycle, Instant time, String eventType, IncidentStatus raises, Part part,
        int partition, long offset) {

    /** The part of the view one fact adds. */
    public sealed interface Part {}

    /** An event of a newer schema version than this reader knows: counted, otherwise not understood. */
    public record NotUnderstood() implements Part {}

    public record Detected(Detection detection) implements Part {}

    public record Proposed(Hypothesis hypothesis) implements Part {}

    public record Drafted(FixDraft draft) implements Part {}

    public record Instrumented(InstrumentationProposal proposal) implements Part {}

    public record Evaluated(Evaluation evaluation) implements Part {}

    public record Failed(Failure failure) implements Part {}

    public record PullRequestOpened(PullRequestKind kind, String repository, int number, String url) implements Part {}

    public record PullRequestMerged(PullRequestKind kind, String repository, int number, String mergeCommitSha) implements Part {}

    public record PullRequestClosedUnmerged(PullRequestKind kind, String repository, int number) implements Part {}

    public record Deployed(String mergeCommitSha, String deployHash) implements Part {}

    /**
     * An {@code IncidentResolved} or {@code IncidentSuppressed}: whether a person closed the cycle (a resolution with
     * reason "human" not written by the resolver; a suppression by someone other than "suppression_rule").
     */
    public record Closed(boolean byPerson, PersonAction action) implements Part {
        public static final Closed NOT_BY_PERSON = new Closed(false, null);
    }

    /**
     * An {@code InvestigationReopened} (its cycle is the one it opens): whether the resolver wrote it, or a person
     * (then {@code action} says who).
     */
    public record Reopened(boolean byResolver, PersonAction action) implements Part {
        public static final Reopened BY_RESOLVER = new Reopened(true, null);
    }

    /** A person's {@code TaskRetryRequested}. */
    public record Retried(PersonAction action) implements Part {}

    /** The agent name prefix of a person's facts recorded through the API ("person:alice"). */
    public static final String PERSON = "person:";
    /** {@code IncidentDetected.source} prefix of an incident a person opened through the API ("api:alice"). */
    public static final String OPENED_THROUGH_API = "api:";

    /** The resolver's agent name: its closes are never a person's, its reopens may be void. */
    static final String RESOLVER = ResolverRules.RESOLVER.name();
    /** {@code IncidentResolved.reason} of a person's resolution. */
    static final String HUMAN = "human";
    /** {@code IncidentSuppressed.by} of the context builder's suppression rules. */
    static final String SUPPRESSION_RULE = "suppression_rule";

    public static Fact of(TimelineRecord record) {
        var event = record.event();
        var payload = event.payload();
        IncidentStatus raises = null;
        Part part = null;
        if (payload instanceof Payload.Unknown) {
            part = new NotUnderstood();
        } else if (payload instanceof Payload.IncidentDetected d) {
            raises = IncidentStatus.DETECTED;
            part = new Detected(new Detection(d.service(), d.signature(), d.rule(), d.source(), d.title(), d.episodeStart(),
                    event.time()));
        } else if (payload instanceof Payload.ContextBuilt) {
            raises = IncidentStatus.CONTEXT_BUILT;
        } else if (payload instanceof Payload.RootCauseProposed r) {
            raises = IncidentStatus.ROOT_CAUSE_PROPOSED;
            part = new Proposed(new Hypothesis(event.eventId(), event.cycle(), event.time(), r.hypothesis(), r.category(),
                    r.confidence(), event.agent().version()));
        } else if (payload instanceof Payload.FixDrafted f) {
            part = new Drafted(new FixDraft(event.eventId(), event.cycle(), event.time(), f.summary()));
        } else if (payload instanceof Payload.FixProposed p) {
            raises = IncidentStatus.FIX_PROPOSED;
            part = new PullRequestOpened(PullRequestKind.FIX, p.repository(), p.pullRequest(), p.url());
        } else if (payload instanceof Payload.FixApplied a) {
            raises = IncidentStatus.FIX_APPLIED;
            part = new PullRequestMerged(PullRequestKind.FIX, a.repository(), a.pullRequest(), a.mergeCommitSha());
        } else if (payload instanceof Payload.PullRequestClosed c) {
            var kind = c.kind().equals("fix") ? PullRequestKind.FIX : PullRequestKind.INSTRUMENTATION;
            part = c.merged() ? new PullRequestMerged(kind, c.repository(), c.pullRequest(), c.mergeCommitSha())
                    : new PullRequestClosedUnmerged(kind, c.repository(), c.pullRequest());
        } else if (payload instanceof Payload.FixDeployed d) {
            part = new Deployed(d.mergeCommitSha(), d.deployHash());
        } else if (payload instanceof Payload.InstrumentationProposed i) {
            part = new Instrumented(new InstrumentationProposal(event.eventId(), event.cycle(), event.time(), i.summary(),
                    i.missingSignals()));
        } else if (payload instanceof Payload.InstrumentationPullRequestOpened o) {
            part = new PullRequestOpened(PullRequestKind.INSTRUMENTATION, o.repository(), o.pullRequest(), o.url());
        } else if (payload instanceof Payload.IncidentResolved r) {
            raises = IncidentStatus.RESOLVED;
            part = r.reason().equals(HUMAN) && !event.agent().name().equals(RESOLVER)
                    ? new Closed(true, action(event, PersonActionKind.RESOLVED, person(event), null)) : Closed.NOT_BY_PERSON;
        } else if (payload instanceof Payload.IncidentSuppressed s) {
            raises = IncidentStatus.SUPPRESSED;
            part = s.by().equals(SUPPRESSION_RULE) ? Closed.NOT_BY_PERSON
                    : new Closed(true, action(event, PersonActionKind.SUPPRESSED, s.by(), s.reason()));
        } else if (payload instanceof Payload.InvestigationReopened reopened) {
            raises = IncidentStatus.REOPENED;
            part = event.agent().name().equals(RESOLVER) ? Reopened.BY_RESOLVER
                    : new Reopened(false, action(event, PersonActionKind.REOPENED, person(event), reopened.reason()));
        } else if (payload instanceof Payload.TaskRetryRequested retry) {
            part = new Retried(action(event, PersonActionKind.RETRIED, retry.requestedBy(), retry.taskKey()));
        } else if (payload instanceof Payload.EvaluationCompleted e) {
            var verdict = verdict(e);
            if (verdict == Verdict.FAIL) {
                raises = IncidentStatus.NEEDS_HUMAN;
            }
            part = new Evaluated(new Evaluation(event.eventId(), event.cycle(), event.time(), e.passed(), verdict,
                    e.assessment(), e.metrics()));
        } else if (payload instanceof Payload.AgentRunFailed f) {
            part = failure(event, FailureKind.AGENT_RUN_FAILED, f.taskKey() + ": " + f.error());
        } else if (payload instanceof Payload.TaskAbandoned a) {
            part = failure(event, FailureKind.TASK_ABANDONED, a.taskType() + " task " + a.taskKey() + " abandoned after "
                    + a.receiveCount() + " receives: " + a.reason());
        } else if (payload instanceof Payload.DispatchFailed d) {
            part = failure(event, FailureKind.DISPATCH_FAILED, d.reason());
        } else if (payload instanceof Payload.EventRejected r) {
            part = failure(event, FailureKind.EVENT_REJECTED, r.topic() + "/" + r.partition() + "@" + r.offset() + ": "
                    + r.reason());
        }
        // The type's own constant, so a million facts share a handful of strings.
        var type = payload instanceof Payload.Unknown ? event.eventType() : EventType.of(payload).wireName();
        return new Fact(event.eventId(), event.cycle(), event.time(), type, raises, part, record.partition(), record.offset());
    }

    /** The verdict as one of {@link Verdict}'s constants (compared by identity in the fold, and shared). */
    private static String verdict(Payload.EvaluationCompleted evaluation) {
        var verdict = evaluation.verdictOrPassed();
        if (verdict.equals(Verdict.PASS)) {
            return Verdict.PASS;
        }
        return verdict.equals(Verdict.FAIL) ? Verdict.FAIL : Verdict.INCONCLUSIVE;
    }

    private static PersonAction action(Event event, PersonActionKind kind, String person, String detail) {
        return new PersonAction(event.eventId(), event.cycle(), event.time(), kind, person, detail);
    }

    /** Who recorded a person's fact: the name after "person:" in its agent, or the agent's name as it is. */
    private static String person(Event event) {
        var name = event.agent().name();
        return name.startsWith(PERSON) ? name.substring(PERSON.length()) : name;
    }

    private static Failed failure(Event event, FailureKind kind, String detail) {
        return new Failed(new Failure(event.eventId(), event.cycle(), event.time(), kind, detail));
    }

    /** True when this fact's record wins over another of the same event id (ARCHITECTURE §3: lowest offset). */
    public boolean winsOver(Fact other) {
        return TimelineRecord.winsOver(offset, partition, other.offset, other.partition);
    }
}
