package dev.debugd.context.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.debugd.timeline.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded context of one incident's cycle (ARCHITECTURE §6), as {@code ContextBuilt} stores it inline and the
 * agents read it: built from the episode window only, every list in a stable order, every free text redacted, within
 * fixed budgets that are recorded with it. The same evidence gives the same bytes ({@link ContextJson}).
 */
public record Context(int version, Incident incident, Window window, Budgets budgets, List<ExceptionSample> exceptions,
        List<LogSample> logLines, Series series, List<DeploySeen> deploys, List<RouteCount> routes,
        List<StatusCount> statusCodes, IdPresence ids, List<RelatedSignature> relatedSignatures, Code code,
        List<String> missingSignals, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Payload.EarlierCycle> earlierCycles,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PastIncident> pastIncidents,
        @JsonInclude(JsonInclude.Include.NON_NULL) Sentry sentry) {

    public static final int VERSION = 1;

    public Context {
        exceptions = List.copyOf(exceptions);
        logLines = List.copyOf(logLines);
        deploys = List.copyOf(deploys);
        routes = List.copyOf(routes);
        statusCodes = List.copyOf(statusCodes);
        relatedSignatures = List.copyOf(relatedSignatures);
        missingSignals = List.copyOf(missingSignals);
        earlierCycles = earlierCycles == null ? List.of() : List.copyOf(earlierCycles); // absent before cycles were carried
        pastIncidents = pastIncidents == null ? List.of() : List.copyOf(pastIncidents); // absent before the memory was
    }

    /** The exceptions an agent reads: the window's, then the Sentry issue's latest event's when it was read. */
    public List<ExceptionSample> exceptionsToRead() {
        if (sentry == null || sentry.latestEvent() == null) {
            return exceptions;
        }
        var all = new ArrayList<>(exceptions);
        all.add(sentry.latestEvent().exception());
        return all;
    }

    /** A context as assembled from the episode's evidence: no earlier cycles, no past incidents yet. */
    public Context(int version, Incident incident, Window window, Budgets budgets, List<ExceptionSample> exceptions,
            List<LogSample> logLines, Series series, List<DeploySeen> deploys, List<RouteCount> routes,
            List<StatusCount> statusCodes, IdPresence ids, List<RelatedSignature> relatedSignatures, Code code,
            List<String> missingSignals) {
        this(version, incident, window, budgets, exceptions, logLines, series, deploys, routes, statusCodes, ids,
                relatedSignatures, code, missingSignals, List.of(), List.of(), null);
    }

    /**
     * This context for a later cycle: the earlier cycles' hypotheses, fixes and verdicts (what was tried and refuted),
     * outside the evidence budgets (a few short texts per cycle, at most the tenant's maxCycles).
     */
    public Context withEarlierCycles(List<Payload.EarlierCycle> earlier) {
        return new Context(version, incident, window, budgets, exceptions, logLines, series, deploys, routes, statusCodes, ids,
                relatedSignatures, code, missingSignals, earlier, pastIncidents, sentry);
    }

    /**
     * This context with the tenant's past incidents most like it (the memory's answer, outside the evidence budgets: a
     * few short texts); {@code note}, when not empty, says why the memory could not answer and goes with what was cut.
     */
    public Context withPastIncidents(List<PastIncident> past, String note) {
        var cut = new ArrayList<>(budgets.truncated());
        if (!note.isEmpty()) {
            cut.add(note);
        }
        return new Context(version, incident, window, new Budgets(budgets.maxExceptions(), budgets.maxLogLines(),
                budgets.maxChars(), budgets.chars(), budgets.estimatedTokens(), cut), exceptions, logLines, series, deploys,
                routes, statusCodes, ids, relatedSignatures, code, missingSignals, earlierCycles, past, sentry);
    }

    /** This context with the Sentry issues of its signature and, when its evidence needed more, an issue's latest event. */
    public Context withSentry(Sentry found) {
        return new Context(version, incident, window, budgets, exceptions, logLines, series, deploys, routes, statusCodes, ids,
                relatedSignatures, code, missingSignals, earlierCycles, pastIncidents, found);
    }

    /**
     * What Sentry knows of the incident: the issues whose events carry its signature (recorded before the context's
     * end), and, when no exception of the context had an in-app frame, the latest event of the first issue as Sentry's
     * API gave it ({@code null} otherwise, or when it could not be read: {@code note} says why).
     */
    public record Sentry(List<SentryIssue> issues, SentryEvent latestEvent, String note) {
        public Sentry {
            issues = List.copyOf(issues);
            note = note == null ? "" : note;
        }
    }

    public record SentryIssue(String issueId, String shortId, String title, String project) {}

    /** An issue's latest event: its exception as the context's exceptions are written, with the release and environment. */
    public record SentryEvent(String issueId, String eventId, String release, String environment, ExceptionSample exception) {}

    /**
     * A resolved incident of the same tenant, resolved before this one was detected, found by the likeness of its
     * memory text to this incident's evidence ({@code similarity}: 1 − cosine distance of their MiniLM embeddings,
     * three decimals): what was found then, what fixed it and how the fix was judged.
     *
     * @param resolution who resolved it: "evaluation passed", or "a person"
     */
    public record PastIncident(String incidentId, int cycle, String service, String title, Instant detectedAt,
            Instant resolvedAt, String resolution, String category, String hypothesis, double confidence, String fix,
            String verdict, String assessment, double similarity) {}

    /** What the detector found: the trigger's facts. */
    public record Incident(String tenant, String incidentId, int cycle, String service, String rule, String signature,
            int signatureVersion, String title, Instant episodeStart, Instant detectedAt) {}

    /**
     * The episode window: {@code from} = the episode's start less the tenant's baseline, {@code to} = when the incident
     * was detected; the fault is {@code faultFrom}..{@code to}.
     */
    public record Window(Instant from, Instant faultFrom, Instant to, long bucketSeconds) {}

    /** The limits the context was cut to, what it came to, and what was cut. */
    public record Budgets(int maxExceptions, int maxLogLines, int maxChars, int chars, int estimatedTokens,
            List<String> truncated) {
        public Budgets {
            truncated = List.copyOf(truncated);
        }
    }

    /** One kind of exception of the incident's signature (same type, message and frames), with how often it occurred. */
    public record ExceptionSample(Instant firstSeen, long occurrences, String route, String deployHash, String type,
            String message, List<Frame> frames, List<Cause> causes) {
        public ExceptionSample {
            frames = List.copyOf(frames);
            causes = List.copyOf(causes);
        }
    }

    public record Frame(String module, String function, String file, int line, boolean inApp) {}

    public record Cause(String type, String message) {}

    /**
     * A log line of the service in the fault window (same level and message counted once), marked when it carries the
     * incident's signature, and when its signature is new or came at least {@link ContextAssembly#RISE} times as often
     * (and {@link ContextAssembly#RISE_MIN} times at least) in the fault as before it: a line as frequent as ever is
     * background, not what went wrong.
     */
    public record LogSample(Instant firstSeen, long occurrences, String level, String message, String route, String deployHash,
            boolean incidentSignature, boolean aboveBaseline) {}

    /** Per bucket of the window: the signature's occurrences, and the service's requests and failed requests. */
    public record Series(List<SignaturePoint> signature, List<RatePoint> errorRate) {
        public Series {
            signature = List.copyOf(signature);
            errorRate = List.copyOf(errorRate);
        }
    }

    public record SignaturePoint(Instant bucketStart, long occurrences) {}

    public record RatePoint(Instant bucketStart, long requests, long errors) {}

    /** A deploy of the service seen up to the window's end, and whether the fault began with it. */
    public record DeploySeen(String deployHash, Instant firstSeen, boolean faultBeganWithIt) {}

    public record RouteCount(String route, long requests, long errors) {}

    public record StatusCount(int status, long count) {}

    /** Whether the service's evidence in the fault window carries request and trace ids. */
    public record IdPresence(boolean requestIds, boolean traceIds) {}

    /** Another signature of the service that first appeared within the window. */
    public record RelatedSignature(String signature, Instant firstSeen, long occurrences, String sample) {}

    /**
     * The source around the in-app frames at the deploy's commit, read through the tenant's code host; files it could
     * not read are listed as missing, never guessed. When an earlier deploy of the service is known ({@code base}), the
     * changes it made to those files on the way to {@code commit}.
     */
    public record Code(String repository, String commit, List<CodeFile> files, List<String> missing, String base,
            List<CodeChange> changes) {
        public Code {
            files = List.copyOf(files);
            missing = List.copyOf(missing);
            base = base == null ? "" : base;
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    /** A file's change from {@code base} to {@code commit}: its unified hunks, as the code host's compare gives them. */
    public record CodeChange(String path, String patch) {}

    /** Lines {@code startLine}..{@code endLine} of a file (1-based), around the frames that point into it. */
    public record CodeFile(String path, int startLine, int endLine, List<Integer> frameLines, String text) {
        public CodeFile {
            frameLines = List.copyOf(frameLines);
        }
    }
}
