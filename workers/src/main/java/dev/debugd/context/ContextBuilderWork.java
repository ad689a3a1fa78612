package dev.debugd.context;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.context.snapshot.SuppressionRules;
import dev.debugd.detect.rules.DetectionSettings;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.memory.MemoryQuery;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.worker.TaskHandler;
import dev.debugd.worker.TaskInput;
import dev.debugd.worker.UnworkableTask;
import dev.debugd.workqueue.TaskMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The context builder's work (ARCHITECTURE §6): for an IncidentDetected, the tenant's settings as recorded when it was
 * detected decide the window (its baseline) and whether the incident is suppressed; otherwise the episode window is
 * read from ClickHouse (for a reopened investigation, up to the reopening, with the earlier cycles' hypotheses, fixes
 * and verdicts), with the code the fault ran from the tenant's code host, cut to the context's budgets and returned
 * as ContextBuilt, inline. Built from recorded facts, closed buckets and commits only, so building it again gives the
 * same bytes.
 */
public final class ContextBuilderWork implements TaskHandler {

    /** Who builds contexts: a platform component, versioned with the task types. */
    public static final Event.Agent AGENT = new Event.Agent("context-builder", TaskType.COMPONENT_VERSION);

    private final EpisodeReader reader;
    private final CodeReader code;
    private final Function<String, ConfigHistory> configuration;
    private final PastIncidentSearch memory;
    private final SentryContext sentry;

    /**
     * @param configuration a tenant's configuration as recorded, read up to now
     * @param memory        where the tenant's past incidents are searched
     * @param sentry        what Sentry knows of an incident
     */
    public ContextBuilderWork(EpisodeReader reader, CodeReader code, Function<String, ConfigHistory> configuration,
            PastIncidentSearch memory, SentryContext sentry) {
        this.reader = reader;
        this.code = code;
        this.configuration = configuration;
        this.memory = memory;
        this.sentry = sentry;
    }

    /**
     * The work as every context builder does it: the evidence from this ClickHouse database, code through the tenant's
     * GitHub Integration with the credential {@code secrets} finds for the Secret key it names.
     */
    public static ContextBuilderWork reading(Endpoints.ClickHouse clickhouse, String evidenceDatabase, BucketGrid grid,
            Function<SecretKeyRef, Optional<String>> secrets, Function<String, ConfigHistory> configuration,
            PastIncidentSearch memory, SentryContext sentry) {
        return new ContextBuilderWork(new EpisodeReader(new ClickHouseHttp(clickhouse, evidenceDatabase), grid),
                new CodeReader(GitHubCodeHost::connect, secrets), configuration, memory, sentry);
    }

    @Override
    public Payload handle(TaskMessage task, TaskInput input) throws Exception {
        var event = input.trigger().event();
        if (event.payload() instanceof Payload.InvestigationReopened reopened) {
            return reopened(input, reopened);
        }
        if (!(event.payload() instanceof Payload.IncidentDetected detected)) {
            throw new UnworkableTask("a context is built for an IncidentDetected or an InvestigationReopened, not for a "
                    + event.eventType());
        }
        var history = configuration.apply(event.tenantId());
        var detectedAt = event.time();
        var tenantSpec = history.tenantAsOf(detectedAt);
        var suppressed = tenantSpec.flatMap(spec -> SuppressionRules.match(spec.suppression(), detected.service(),
                detected.signature()));
        if (suppressed.isPresent()) {
            return new Payload.IncidentSuppressed(suppressed.get().reason(), suppressed.get().rule(), "suppression_rule");
        }
        var incident = new Context.Incident(event.tenantId(), event.incidentId(), event.cycle(), detected.service(), detected.rule(),
                detected.signature(), detected.signatureVersion(), detected.title(), detected.episodeStart(), detectedAt);
        return built(build(incident, detectedAt, List.of()));
    }

    /**
     * A later cycle's context: the incident as the cycle before saw it, its evidence up to the reopening (so what
     * happened after the fix is in it), and what the earlier cycles proposed and how their fixes were judged.
     */
    private Payload reopened(TaskInput input, Payload.InvestigationReopened reopened) throws Exception {
        var event = input.trigger().event();
        var previous = input.record("previous_context").map(record -> record.event().payload())
                .filter(Payload.ContextBuilt.class::isInstance).map(Payload.ContextBuilt.class::cast)
                .orElseThrow(() -> new UnworkableTask("the task lists no context of cycle " + (event.cycle() - 1) + " to start cycle "
                        + event.cycle() + " from"));
        Context.Incident prior;
        try {
            prior = ContextJson.read(previous.context().json()).incident();
        } catch (IllegalArgumentException e) {
            throw new UnworkableTask("cycle " + (event.cycle() - 1) + "'s context does not read: " + e.getMessage());
        }
        var incident = new Context.Incident(prior.tenant(), prior.incidentId(), event.cycle(), prior.service(), prior.rule(),
                prior.signature(), prior.signatureVersion(), prior.title(), prior.episodeStart(), prior.detectedAt());
        return built(build(incident, event.time(), reopened.earlierCycles()));
    }

    /**
     * The context of the incident's episode up to {@code until}, with its code, cut to the budgets, and the tenant's past
     * incidents most like it.
     */
    private Context build(Context.Incident incident, Instant until, List<Payload.EarlierCycle> earlierCycles) throws Exception {
        // Where the timeline stands as the task starts: the memory catches up to it while the evidence is read.
        var search = memory.begin();
        var history = configuration.apply(incident.tenant());
        int baseline = DetectionSettings.asRecorded(history).apply(incident.detectedAt()).baselineBuckets();
        var window = reader.window(incident.episodeStart(), until, baseline);
        var evidence = reader.read(incident, window, Optional.empty());
        var context = ContextAssembly.assemble(evidence, ContextAssembly.Limits.DEFAULT);
        // The code follows from what the evidence says: the deploy the fault ran and the frames it went through.
        var source = code.read(history, incident.detectedAt(), context);
        if (source.isPresent()) {
            context = ContextAssembly.assemble(evidence.withCode(source.get()), ContextAssembly.Limits.DEFAULT);
        }
        var fromSentry = sentry.of(history, incident, until, context);
        if (fromSentry.isPresent()) {
            context = context.withSentry(fromSentry.get());
        }
        var found = search.finish(incident, MemoryQuery.of(context));
        return context.withEarlierCycles(earlierCycles).withPastIncidents(found.incidents(), found.note());
    }

    private static Payload built(Context context) {
        return new Payload.ContextBuilt(new RawJson(ContextJson.write(context)), context.missingSignals());
    }
}
