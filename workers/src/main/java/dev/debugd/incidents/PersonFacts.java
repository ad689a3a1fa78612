package dev.debugd.incidents;

import dev.debugd.access.Caller;
import dev.debugd.projection.Fact;
import dev.debugd.projection.IncidentHistory;
import dev.debugd.projection.IncidentProjection;
import dev.debugd.projection.IncidentStatus;
import dev.debugd.projection.IncidentView;
import dev.debugd.resolve.rules.ResolverState;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a person's request about an incident records (design §12: people record facts, they do not command): a
 * resolution, a suppression, a reopening of the next cycle, or a retry of an abandoned task. Decided from the
 * incident's records as the read model holds them; a request whose fact is among them already (a retry of the same
 * request, or a second click on reopen) answers with that fact and records nothing new. Pure.
 */
public final class PersonFacts {

    /** What a request comes to: the fact to record (or recorded already), or why it is refused, with its HTTP status. */
    public sealed interface Outcome {}

    /** @param recordedAlready whether the records hold it already (a retried request) */
    public record Recorded(Event event, boolean recordedAlready) implements Outcome {}

    public record Refused(int status, String reason) implements Outcome {}

    /** Statuses that close a cycle: nothing more happens in it unless a person reopens the incident. */
    private static final Set<IncidentStatus> CLOSED = Set.of(IncidentStatus.RESOLVED, IncidentStatus.SUPPRESSED);
    /** Statuses a person may reopen from: closed, or given up on by the machine. */
    private static final Set<IncidentStatus> REOPENABLE = Set.of(IncidentStatus.RESOLVED, IncidentStatus.SUPPRESSED,
            IncidentStatus.NEEDS_HUMAN);

    private PersonFacts() {}

    /** The person confirms the incident resolved. */
    public static Outcome resolve(List<TimelineRecord> records, Caller caller, String requestId, Instant now) {
        var view = view(records, caller);
        var key = IdempotencyKey.personRequest(caller.tenant(), view.incidentId(), "resolve", requestId);
        var event = Event.create(now, caller.tenant(), view.incidentId(), view.cycle(), new Payload.IncidentResolved("human", null),
                agent(caller), key, null);
        if (has(records, event)) {
            return new Recorded(event, true);
        }
        if (CLOSED.contains(view.status())) {
            return new Refused(409, "cycle " + view.cycle() + " of the incident is " + PersonFacts.status(view) + " already");
        }
        return new Recorded(event, false);
    }

    /** The person suppresses the incident, saying why. */
    public static Outcome suppress(List<TimelineRecord> records, Caller caller, String requestId, String reason, Instant now) {
        var view = view(records, caller);
        var key = IdempotencyKey.personRequest(caller.tenant(), view.incidentId(), "suppress", requestId);
        var event = Event.create(now, caller.tenant(), view.incidentId(), view.cycle(),
                new Payload.IncidentSuppressed(reason, "person", caller.name()), agent(caller), key, null);
        if (has(records, event)) {
            return new Recorded(event, true);
        }
        if (CLOSED.contains(view.status())) {
            return new Refused(409, "cycle " + view.cycle() + " of the incident is " + PersonFacts.status(view) + " already");
        }
        return new Recorded(event, false);
    }

    /**
     * The person reopens the incident for a next cycle, whose context carries what the earlier cycles proposed and how
     * their fixes were judged. Keyed by the cycle it reopens: two clicks open one next cycle, and a click while that
     * cycle is under investigation answers with the reopening that opened it.
     */
    public static Outcome reopen(List<TimelineRecord> records, Caller caller, String reason, Instant now) {
        var view = view(records, caller);
        var key = IdempotencyKey.personReopened(caller.tenant(), view.incidentId(), view.cycle());
        var resolver = new ResolverState();
        records.forEach(record -> resolver.add(record.event()));
        var payload = new Payload.InvestigationReopened(reason, null,
                resolver.earlierCycles(caller.tenant(), view.incidentId(), view.cycle()));
        var event = Event.create(now, caller.tenant(), view.incidentId(), view.cycle() + 1, payload, agent(caller), key, null);
        // A click that came after the reopening it repeats was recorded finds the incident in the cycle that reopening opened.
        var opening = IdempotencyKey.personReopened(caller.tenant(), view.incidentId(), view.cycle() - 1);
        var earlier = records.stream().map(TimelineRecord::event)
                .filter(e -> e.idempotencyKey().equals(key) || (!REOPENABLE.contains(view.status()) && e.idempotencyKey().equals(opening)))
                .findFirst();
        if (earlier.isPresent()) {
            return new Recorded(earlier.get(), true); // the first click's, with its reason and time
        }
        if (!REOPENABLE.contains(view.status())) {
            return new Refused(409, "cycle " + view.cycle() + " is still under investigation (" + status(view)
                    + "); an incident is reopened once it is resolved, suppressed or needs a human");
        }
        return new Recorded(event, false);
    }

    /**
     * The person asks for another attempt at an abandoned task of the incident's current, open cycle. Attempts are
     * counted: one retry at a time, each keyed by its attempt, so two clicks ask for one.
     */
    public static Outcome retry(List<TimelineRecord> records, Caller caller, String taskKey, Instant now) {
        var view = view(records, caller);
        var events = records.stream().map(TimelineRecord::event).toList();
        var requested = events.stream().filter(e -> e.payload() instanceof Payload.TaskRequested t && t.taskKey().equals(taskKey))
                .findFirst();
        if (requested.isEmpty()) {
            return new Refused(404, "the incident has no task '" + taskKey + "'");
        }
        long retries = events.stream().filter(e -> e.payload() instanceof Payload.TaskRetryRequested r && r.taskKey().equals(taskKey))
                .count();
        var latestAttempt = retries == 0 ? taskKey : IdempotencyKey.retryAttempt(taskKey, (int) retries + 1);
        boolean abandoned = events.stream().anyMatch(e -> e.payload() instanceof Payload.TaskAbandoned a
                && a.taskKey().equals(latestAttempt));
        int cycle = requested.get().cycle();
        if (cycle != view.cycle() || CLOSED.contains(view.status())) {
            return new Refused(409, "the task is of cycle " + cycle + ", and cycle " + cycle + " is closed ("
                    + (cycle != view.cycle() ? "the incident is in cycle " + view.cycle() : status(view)) + ")");
        }
        if (!abandoned) {
            return new Refused(409, retries == 0 ? "the task is not abandoned: it is done, or still being worked"
                    : "attempt " + (retries + 1) + " of the task is not abandoned: it is done, or still being worked");
        }
        int attempt = (int) retries + 2; // the first attempt was the task itself
        var key = IdempotencyKey.retryAttempt(taskKey, attempt);
        return new Recorded(Event.create(now, caller.tenant(), view.incidentId(), cycle,
                new Payload.TaskRetryRequested(taskKey, caller.name(), attempt), agent(caller), key, null), false);
    }

    /** The incident as its records show it; the records must be the caller's tenant's (the read is by tenant). */
    private static IncidentView view(List<TimelineRecord> records, Caller caller) {
        if (records.isEmpty() || !records.get(0).event().tenantId().equals(caller.tenant())) {
            throw new IllegalArgumentException("the records must be an incident of tenant " + caller.tenant());
        }
        var first = records.get(0).event();
        var history = new IncidentHistory(first.tenantId(), first.incidentId());
        history.addAll(records);
        return IncidentProjection.view(history);
    }

    private static boolean has(List<TimelineRecord> records, Event event) {
        return records.stream().anyMatch(record -> record.event().eventId().equals(event.eventId()));
    }

    private static Event.Agent agent(Caller caller) {
        return new Event.Agent(Fact.PERSON + caller.name(), "1");
    }

    private static String status(IncidentView view) {
        return IncidentQuery.wire(view.status());
    }
}
