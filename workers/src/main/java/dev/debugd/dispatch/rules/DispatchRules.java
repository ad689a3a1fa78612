package dev.debugd.dispatch.rules;

import dev.debugd.config.ConfigHistory;
import dev.debugd.resolve.rules.ResolverRules;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The rule table of ARCHITECTURE §4 as a pure function: a trigger and the tenant's recorded configuration give
 * the TaskRequested facts to record, or a DispatchFailed when the trigger cannot be decided yet. Every field of
 * the result comes from the trigger and recorded facts (its time is the trigger's), so replay decides the same.
 */
public final class DispatchRules {

    public static final Event.Agent DISPATCHER = new Event.Agent("dispatcher", "1");

    private DispatchRules() {}

    /** What the dispatcher records for a trigger. */
    public sealed interface Decision {
        /** TaskRequested facts, possibly none (the event triggers nothing). */
        record Tasks(List<Event> requests) implements Decision {
            public Tasks {
                requests = List.copyOf(requests);
            }
        }

        /** The trigger waits for configuration; retried when the tenant's configuration changes. */
        record Failed(Event dispatchFailed) implements Decision {}
    }

    /** Whether the dispatcher has anything to decide for this event type. */
    public static boolean isTrigger(Event event) {
        var p = event.payload();
        return p instanceof Payload.IncidentDetected || p instanceof Payload.InvestigationReopened
                || p instanceof Payload.ContextBuilt || p instanceof Payload.RootCauseProposed
                || p instanceof Payload.FixDrafted || p instanceof Payload.InstrumentationProposed
                || p instanceof Payload.EvaluationDue || p instanceof Payload.TaskRetryRequested;
    }

    /** Whether the event can be a task's output; its key then marks the task done. */
    public static boolean isOutput(Event event) {
        var p = event.payload();
        return p instanceof Payload.ContextBuilt || p instanceof Payload.IncidentSuppressed
                || p instanceof Payload.RootCauseProposed || p instanceof Payload.InstrumentationProposed
                || p instanceof Payload.FixDrafted || p instanceof Payload.FixProposed
                || p instanceof Payload.InstrumentationPullRequestOpened || p instanceof Payload.EvaluationCompleted;
    }

    /**
     * The cycles of its incident a fact closes, as the highest of them, or 0 for none: suppression and resolution
     * close their own cycle (they are terminal for it, ARCHITECTURE §3), a reopened investigation the cycles before
     * its own. Work required for a closed cycle is not sent, so a suppressed incident costs no more agent runs, even
     * when a task's late output asks for the next step. The cycle a void reopen opened is closed by two facts together,
     * through their {@link #marks}.
     */
    public static int closesThrough(Event fact) {
        var p = fact.payload();
        if (p instanceof Payload.IncidentSuppressed || p instanceof Payload.IncidentResolved) {
            return fact.cycle();
        }
        return p instanceof Payload.InvestigationReopened ? fact.cycle() - 1 : 0;
    }

    /**
     * What is known of one incident cycle n for the rule "a machine reopen of cycle n is void when cycle n has a person's
     * resolution or suppression, in any read order" (ARCHITECTURE §6): whether the resolver reopened it (its
     * InvestigationReopened carries n+1) and whether a person closed it. Facts set the marks one by one, in any order.
     */
    public record CycleMarks(String tenant, String incident, int cycle, boolean reopenedByResolver, boolean closedByPerson) {

        /** The marks of this cycle and of other (the same cycle): each set when either sets it. */
        public CycleMarks and(CycleMarks other) {
            if (!tenant.equals(other.tenant) || !incident.equals(other.incident) || cycle != other.cycle) {
                throw new IllegalArgumentException("marks of " + this + " and " + other + " are of different cycles");
            }
            return new CycleMarks(tenant, incident, cycle, reopenedByResolver || other.reopenedByResolver,
                    closedByPerson || other.closedByPerson);
        }

        /**
         * The cycles of the incident the marks close, as the highest, or 0 for none: with both set, the reopen is void
         * and the cycle it opened is closed too, so none of that cycle's work is sent. A person's close alone closes
         * only its own cycle ({@link #closesThrough(Event)}): a person may still reopen it.
         */
        public int closesThrough() {
            return reopenedByResolver && closedByPerson ? cycle + 1 : 0;
        }
    }

    /** The agent name of the resolver, whose reopens may be void. */
    private static final String RESOLVER = ResolverRules.RESOLVER.name();
    /** {@code IncidentResolved.reason} of a person's resolution. */
    private static final String BY_PERSON = "human";
    /** {@code IncidentSuppressed.by} of the context builder's suppression rules (any other is a person's). */
    private static final String SUPPRESSION_RULE = "suppression_rule";

    /**
     * The mark a fact sets, if any: the resolver's InvestigationReopened marks the cycle it reopens (the one before its
     * own); a person's IncidentResolved (reason "human", not the resolver's) or IncidentSuppressed (not by
     * "suppression_rule") marks its own cycle. A person's reopen sets none: it is never void.
     */
    public static Optional<CycleMarks> marks(Event fact) {
        var p = fact.payload();
        boolean byResolver = fact.agent().name().equals(RESOLVER);
        if (p instanceof Payload.InvestigationReopened && byResolver && fact.cycle() > 1) {
            return Optional.of(new CycleMarks(fact.tenantId(), fact.incidentId(), fact.cycle() - 1, true, false));
        }
        boolean closedByPerson = p instanceof Payload.IncidentResolved resolved ? resolved.reason().equals(BY_PERSON) && !byResolver
                : p instanceof Payload.IncidentSuppressed suppressed && !suppressed.by().equals(SUPPRESSION_RULE);
        return closedByPerson ? Optional.of(new CycleMarks(fact.tenantId(), fact.incidentId(), fact.cycle(), false, true))
                : Optional.empty();
    }

    /**
     * Decides a trigger with the configuration in force at its time; when that cannot decide it (no tenant yet, no
     * profile for an agent), with the first later configuration that can, so a trigger that came before its tenant
     * is decided the same way live (retried on the change) and on replay (which already sees the change).
     *
     * @param requested the recorded TaskRequested of a task key (for TaskRetryRequested), from the ledger
     * @param contexts where the ContextBuilt of an incident's cycle sits ("tenant/incident/cycle"), from the ledger
     */
    public static Decision decide(TimelineRecord trigger, ConfigHistory config,
            Function<String, Optional<Payload.TaskRequested>> requested, Function<String, Optional<Payload.RecordPosition>> contexts) {
        return decide(trigger, config, requested, contexts, id -> Optional.empty());
    }

    /** @param rootCauses where a RootCauseProposed sits by its event id (for the pull request of a fix), from the ledger */
    public static Decision decide(TimelineRecord trigger, ConfigHistory config,
            Function<String, Optional<Payload.TaskRequested>> requested, Function<String, Optional<Payload.RecordPosition>> contexts,
            Function<UUID, Optional<Payload.RecordPosition>> rootCauses) {
        var event = trigger.event();
        if (!isTrigger(event)) {
            return new Decision.Tasks(List.of());
        }
        if (event.payload() instanceof Payload.TaskRetryRequested retry) {
            return retry(trigger, retry, requested.apply(retry.taskKey()));
        }
        var moments = new ArrayList<Instant>();
        moments.add(event.time());
        moments.addAll(config.changesAfter(event.time()));
        String firstProblem = null;
        for (var moment : moments) {
            var decided = decide(trigger, TenantConfig.asOf(config, moment).orElse(null), contexts, rootCauses);
            if (decided.tasks() != null) {
                return new Decision.Tasks(decided.tasks());
            }
            if (firstProblem == null) {
                firstProblem = decided.problem();
            }
        }
        return failed(trigger, firstProblem);
    }

    private record Attempt(List<Event> tasks, String problem) {}

    /** Where an incident's cycle's context sits, under the key the ledger keeps it by. */
    public static String cycleKey(String tenant, String incident, int cycle) {
        return tenant + "/" + incident + "/" + cycle;
    }

    private static Attempt decide(TimelineRecord trigger, TenantConfig config,
            Function<String, Optional<Payload.RecordPosition>> contexts, Function<UUID, Optional<Payload.RecordPosition>> rootCauses) {
        var event = trigger.event();
        if (config == null) {
            return new Attempt(null, "tenant '" + event.tenantId() + "' has no configuration as of " + event.time());
        }
        var wanted = new ArrayList<Wanted>();
        var p = event.payload();
        if (p instanceof Payload.IncidentDetected || p instanceof Payload.InvestigationReopened) {
            wanted.add(new Wanted(TaskType.CONTEXT_BUILDER, EventType.CONTEXT_BUILT, "context", Map.of()));
        } else if (p instanceof Payload.ContextBuilt built) {
            wanted.add(new Wanted(TaskType.RCA, EventType.ROOT_CAUSE_PROPOSED, "root-cause", Map.of()));
            if (!built.missingSignals().isEmpty()) {
                wanted.add(new Wanted(TaskType.INSTRUMENTATION, EventType.INSTRUMENTATION_PROPOSED, "missing-signals",
                        Map.of("missing_signals", String.join(",", built.missingSignals()))));
            }
        } else if (p instanceof Payload.RootCauseProposed cause) {
            var inputs = Map.of("confidence", String.valueOf(cause.confidence()),
                    "threshold", String.valueOf(config.confidenceThreshold()));
            if (cause.confidence() >= config.confidenceThreshold()) {
                wanted.add(new Wanted(TaskType.FIX, EventType.FIX_DRAFTED, "confident-root-cause", inputs));
            } else {
                wanted.add(new Wanted(TaskType.INSTRUMENTATION, EventType.INSTRUMENTATION_PROPOSED, "low-confidence", inputs));
            }
        } else if (p instanceof Payload.FixDrafted || p instanceof Payload.InstrumentationProposed) {
            // Without a code-host integration that opens pull requests of this kind, or without a diff, a draft stays a
            // draft: shown on the incident, not opened as a pull request.
            boolean fix = p instanceof Payload.FixDrafted;
            boolean hasDiff = fix ? ((Payload.FixDrafted) p).hasPatch() : ((Payload.InstrumentationProposed) p).hasPatch();
            var github = config.github().filter(g -> fix ? g.pullRequests() : g.instrumentationPullRequests());
            if (github.isPresent() && hasDiff) {
                var output = fix ? EventType.FIX_PROPOSED : EventType.INSTRUMENTATION_PULL_REQUEST_OPENED;
                wanted.add(new Wanted(TaskType.GITHUB, output, "pull-request", Map.of("repository", github.get().repository())));
            }
        } else if (p instanceof Payload.EvaluationDue) {
            wanted.add(new Wanted(TaskType.EVALUATION, EventType.EVALUATION_COMPLETED, "evaluation", Map.of()));
        }
        var missing = wanted.stream().map(Wanted::type).filter(t -> config.versionOf(t).isEmpty())
                .map(t -> t.profileAgent().orElseThrow()).distinct().toList();
        if (!missing.isEmpty()) {
            return new Attempt(null, "tenant '" + event.tenantId() + "' has no AgentProfile for " + String.join(", ", missing)
                    + " as of " + event.time());
        }
        var records = new LinkedHashMap<String, Payload.RecordPosition>();
        var position = new Payload.RecordPosition(trigger.topic(), trigger.partition(), trigger.offset());
        if (p instanceof Payload.ContextBuilt) {
            records.put("context", position);
        } else if (p instanceof Payload.InvestigationReopened && event.cycle() > 1) {
            // The next cycle's context starts from the incident as the cycle before it saw it.
            contexts.apply(cycleKey(event.tenantId(), event.incidentId(), event.cycle() - 1))
                    .ifPresent(c -> records.put("previous_context", c));
        } else if (!(p instanceof Payload.IncidentDetected || p instanceof Payload.InvestigationReopened)) {
            contexts.apply(cycleKey(event.tenantId(), event.incidentId(), event.cycle())).ifPresent(c -> records.put("context", c));
            records.put(p instanceof Payload.RootCauseProposed ? "root_cause" : "draft", position);
            if (p instanceof Payload.FixDrafted fix && fix.rootCauseEventId() != null) {
                rootCauses.apply(fix.rootCauseEventId()).ifPresent(cause -> records.put("root_cause", cause));
            }
        }
        var tasks = wanted.stream().map(w -> request(trigger, w, config.versionOf(w.type()).orElseThrow(), records)).toList();
        return new Attempt(tasks, null);
    }

    private record Wanted(TaskType type, EventType output, String rule, Map<String, String> inputs) {}

    private static Event request(TimelineRecord trigger, Wanted wanted, String version, Map<String, Payload.RecordPosition> records) {
        var event = trigger.event();
        var triggerType = EventType.fromWireName(event.eventType()).orElseThrow();
        var key = IdempotencyKey.task(event.tenantId(), event.incidentId(), wanted.output(), triggerType, version, event.cycle());
        // A cycle's later, longer observation windows are evaluated each: a task of its own per window after the first.
        var window = event.idempotencyKey().substring(event.idempotencyKey().lastIndexOf('/') + 1);
        if (event.payload() instanceof Payload.EvaluationDue && window.startsWith("window-") && !window.equals("window-0")) {
            key = key + "/" + window;
        }
        var inputs = new LinkedHashMap<String, String>(wanted.inputs());
        inputs.put("output", wanted.output().wireName());
        inputs.put("agent_version", version);
        var payload = new Payload.TaskRequested(key, wanted.type().wireName(), wanted.type().queue(event.tenantId()),
                new Payload.RecordPosition(trigger.topic(), trigger.partition(), trigger.offset()), event.eventId(),
                triggerType.wireName() + "/" + wanted.rule(), inputs, records);
        return Event.create(event.time(), event.tenantId(), event.incidentId(), event.cycle(), payload, DISPATCHER, key,
                event.eventId());
    }

    /** A human's retry of an abandoned task: the same work under a key of its own. */
    private static Decision retry(TimelineRecord trigger, Payload.TaskRetryRequested retry,
            Optional<Payload.TaskRequested> original) {
        var event = trigger.event();
        if (original.isEmpty()) {
            return failed(trigger, "no task was requested with key '" + retry.taskKey() + "'");
        }
        var task = original.get();
        var key = IdempotencyKey.retryAttempt(task.taskKey(), retry.attempt());
        var inputs = new LinkedHashMap<String, String>(task.inputs());
        inputs.put("retry_of", task.taskKey());
        var payload = new Payload.TaskRequested(key, task.taskType(), task.queue(), task.trigger(), task.triggerEventId(),
                "TaskRetryRequested/retry", inputs, task.records());
        return new Decision.Tasks(List.of(Event.create(event.time(), event.tenantId(), event.incidentId(), event.cycle(),
                payload, DISPATCHER, key, event.eventId())));
    }

    private static Decision failed(TimelineRecord record, String reason) {
        var trigger = record.event();
        var payload = new Payload.DispatchFailed(trigger.eventId(), reason,
                new Payload.RecordPosition(record.topic(), record.partition(), record.offset()));
        return new Decision.Failed(Event.create(trigger.time(), trigger.tenantId(), trigger.incidentId(), trigger.cycle(),
                payload, DISPATCHER, IdempotencyKey.dispatchFailure(trigger.tenantId(), trigger.eventId()), trigger.eventId()));
    }
}
