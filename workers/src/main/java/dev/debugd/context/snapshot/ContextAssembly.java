package dev.debugd.context.snapshot;

import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts what the context builder read down to the context (ARCHITECTURE §6): exceptions grouped by kind and log lines
 * by message, each with its count; the most telling first, by stable keys; every free text redacted; within fixed
 * budgets, what was cut recorded. Lists the missing signals the Instrumentation Agent works from. Pure.
 */
public final class ContextAssembly {

    /** The fixed budgets: kinds of exceptions, kinds of log lines, frames per exception, characters of a text, of all. */
    public record Limits(int exceptions, int logLines, int frames, int textChars, int routes, int related, int totalChars) {
        public static final Limits DEFAULT = new Limits(5, 40, 40, 1000, 10, 5, 200_000);
    }

    public static final String STACK_TRACE = "stack_trace";
    public static final String DEPLOY_HASH = "deploy_hash";
    public static final String REQUEST_ID = "request_id";
    public static final String TRACE_ID = "trace_id";
    public static final String ROUTE = "route";
    public static final String REQUEST_METADATA = "request_metadata";

    private ContextAssembly() {}

    public static Context assemble(EpisodeEvidence evidence, Limits limits) {
        List<String> truncated = new ArrayList<>();
        for (var list : evidence.fetchLimitsHit()) {
            truncated.add(list + ": more rows than were read");
        }
        var exceptions = exceptionKinds(evidence.exceptions(), limits, truncated);
        var logs = logKinds(evidence.logs(), evidence.window(), limits, truncated);
        // A route may carry a query string, and a query string a key.
        var routes = cut(evidence.routes(), limits.routes(), "routes", truncated).stream()
                .map(r -> new Context.RouteCount(route(r.route()), r.requests(), r.errors())).toList();
        var related = cut(evidence.related(), limits.related(), "related_signatures", truncated).stream()
                .map(r -> new Context.RelatedSignature(r.signature(), r.firstSeen(), r.occurrences(), text(r.sample(), limits)))
                .toList();
        var code = evidence.code().map(c -> new Context.Code(c.repository(), c.commit(), c.files().stream()
                .map(f -> new Context.CodeFile(f.path(), f.startLine(), f.endLine(), f.frameLines(), Redaction.redact(f.text())))
                .toList(), c.missing(), c.base(), c.changes().stream()
                .map(change -> new Context.CodeChange(change.path(), Redaction.redact(change.patch()))).toList())).orElse(null);
        var deploys = deploys(evidence);
        var missing = missingSignals(evidence);
        var series = new Context.Series(evidence.signatureSeries(), evidence.errorRate());
        var statuses = cut(evidence.statusCodes(), limits.routes(), "status_codes", truncated);

        // Over the total budget: code goes first (from the last file), then log lines, then exception kinds.
        while (true) {
            var draft = new Context(Context.VERSION, evidence.incident(), evidence.window(),
                    new Context.Budgets(limits.exceptions(), limits.logLines(), limits.totalChars(), 0, 0, truncated),
                    exceptions, logs, series, deploys, routes, statuses, evidence.ids(), related, code, missing);
            int chars = ContextJson.write(draft).length();
            if (chars <= limits.totalChars() || (exceptions.size() <= 1 && logs.isEmpty() && (code == null || code.files().isEmpty()))) {
                int estimate = (chars + 3) / 4; // about four characters a token
                // Recording the figures changes the length by a few digits; they describe the context without them.
                return new Context(draft.version(), draft.incident(), draft.window(), new Context.Budgets(limits.exceptions(),
                        limits.logLines(), limits.totalChars(), chars, estimate, truncated), exceptions, logs, series, deploys,
                        routes, statuses, evidence.ids(), related, code, missing);
            }
            truncated = new ArrayList<>(truncated);
            if (code != null && !code.files().isEmpty()) {
                var files = code.files();
                truncated.add("code: " + files.get(files.size() - 1).path() + " left out for the total budget");
                var left = files.get(files.size() - 1).path();
                code = new Context.Code(code.repository(), code.commit(), files.subList(0, files.size() - 1), code.missing(),
                        code.base(), code.changes().stream().filter(change -> !change.path().equals(left)).toList());
            } else if (!logs.isEmpty()) {
                truncated.add("log_lines: 1 more kind left out for the total budget");
                logs = logs.subList(0, logs.size() - 1);
            } else {
                truncated.add("exceptions: 1 more kind left out for the total budget");
                exceptions = exceptions.subList(0, exceptions.size() - 1);
            }
        }
    }

    private static <T> List<T> cut(List<T> list, int limit, String name, List<String> truncated) {
        if (list.size() <= limit) {
            return list;
        }
        truncated.add(name + ": " + (list.size() - limit) + " more");
        return list.subList(0, limit);
    }

    private static String text(String text, Limits limits) {
        if (text == null) {
            return "";
        }
        var redacted = Redaction.redact(text);
        return redacted.length() <= limits.textChars() ? redacted : redacted.substring(0, limits.textChars()) + "…";
    }

    private record ExceptionKey(String type, String message, List<Context.Frame> frames) {}

    /** One exception as a sample of its own (an issue's latest event, read apart from the window): redacted, cut. */
    public static Context.ExceptionSample sample(ExceptionEvent exception, Limits limits) {
        return exceptionKinds(List.of(exception), limits, new ArrayList<>()).get(0);
    }

    private static List<Context.ExceptionSample> exceptionKinds(List<ExceptionEvent> rows, Limits limits, List<String> truncated) {
        var kinds = new LinkedHashMap<ExceptionKey, List<ExceptionEvent>>();
        for (var row : rows) {
            var frames = row.frames().stream().limit(limits.frames())
                    .map(f -> new Context.Frame(f.module(), f.function(), f.file(), f.line(), f.inApp())).toList();
            kinds.computeIfAbsent(new ExceptionKey(row.type(), text(row.message(), limits), frames), k -> new ArrayList<>()).add(row);
        }
        var samples = new ArrayList<Context.ExceptionSample>();
        kinds.forEach((key, occurrences) -> {
            // The earliest, ties broken by content, so the rows' order does not matter.
            var first = occurrences.stream().min(Comparator.comparing(ExceptionEvent::timestamp)
                    .thenComparing(e -> nonNull(e.route())).thenComparing(e -> nonNull(e.deployHash()))).orElseThrow();
            samples.add(new Context.ExceptionSample(first.timestamp(), occurrences.size(), route(first.route()), first.deployHash(),
                    key.type(), key.message(), key.frames(), first.causes().stream()
                    .map(c -> new Context.Cause(c.type(), text(c.message(), limits))).toList()));
        });
        samples.sort(Comparator.comparingLong(Context.ExceptionSample::occurrences).reversed()
                .thenComparing(Context.ExceptionSample::firstSeen).thenComparing(Context.ExceptionSample::type)
                .thenComparing(Context.ExceptionSample::message));
        if (rows.stream().anyMatch(r -> r.frames().size() > limits.frames())) {
            truncated.add("frames: cut to " + limits.frames() + " per exception");
        }
        return cut(samples, limits.exceptions(), "exceptions", truncated);
    }

    private record LogKey(String level, String message) {}

    /** How many times as often as before the fault a known signature must come in it to count as risen. */
    public static final double RISE = 2.0;
    /** … and how many times at least in the fault window. */
    public static final int RISE_MIN = 3;

    private static List<Context.LogSample> logKinds(List<EpisodeEvidence.Log> rows, Context.Window window, Limits limits,
            List<String> truncated) {
        var inFault = new HashMap<String, Integer>();
        rows.forEach(row -> inFault.merge(row.signature(), 1, Integer::sum));
        double faultBuckets = Math.max(1, Duration.between(window.faultFrom(), window.to()).toSeconds() / (double) window.bucketSeconds());
        double baselineBuckets = Math.max(1, Duration.between(window.from(), window.faultFrom()).toSeconds() / (double) window.bucketSeconds());
        var kinds = new LinkedHashMap<LogKey, List<EpisodeEvidence.Log>>();
        for (var row : rows) {
            kinds.computeIfAbsent(new LogKey(row.line().level(), text(row.line().message(), limits)), k -> new ArrayList<>())
                    .add(row);
        }
        var samples = new ArrayList<Context.LogSample>();
        kinds.forEach((key, occurrences) -> {
            var first = occurrences.stream().min(Comparator.comparing((EpisodeEvidence.Log l) -> l.line().timestamp())
                    .thenComparing(l -> nonNull(l.line().route())).thenComparing(l -> nonNull(l.line().deployHash()))).orElseThrow();
            int count = inFault.get(first.signature());
            boolean risen = first.signature().isEmpty() || first.baselineOccurrences() == 0 || (count >= RISE_MIN
                    && count / faultBuckets >= RISE * first.baselineOccurrences() / baselineBuckets);
            samples.add(new Context.LogSample(first.line().timestamp(), occurrences.size(), key.level(), key.message(),
                    route(first.line().route()), first.line().deployHash(), occurrences.stream().anyMatch(EpisodeEvidence.Log::incidentSignature),
                    risen));
        });
        samples.sort(Comparator.comparing((Context.LogSample l) -> !l.incidentSignature())
                .thenComparingInt(l -> severity(l.level())).thenComparing(Context.LogSample::firstSeen)
                .thenComparing(Context.LogSample::message).thenComparing(Context.LogSample::level));
        return cut(samples, limits.logLines(), "log_lines", truncated);
    }

    /** A log level's rank, lower is more severe: 0 for errors (and worse), 1 for warnings, 2 for the rest. */
    public static int severity(String level) {
        var l = level == null ? "" : level.toLowerCase(Locale.ROOT);
        if (l.startsWith("fatal") || l.startsWith("crit") || l.startsWith("emerg") || l.startsWith("alert") || l.startsWith("err")
                || l.equals("panic") || l.equals("severe")) {
            return 0;
        }
        return l.startsWith("warn") ? 1 : 2;
    }

    /**
     * The deploys in order of first sighting; the fault began with the one most of the signature's evidence carries,
     * when that deploy was first seen within the window (a deploy older than the window did not start the fault).
     */
    private static List<Context.DeploySeen> deploys(EpisodeEvidence evidence) {
        var carried = new HashMap<String, Integer>();
        evidence.exceptions().forEach(e -> carried.merge(nonNull(e.deployHash()), 1, Integer::sum));
        ownLines(evidence).forEach(l -> carried.merge(nonNull(l.deployHash()), 1, Integer::sum));
        carried.remove("");
        String faultDeploy = carried.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
        return evidence.deploys().entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Context.DeploySeen(e.getKey(), e.getValue(), e.getKey().equals(faultDeploy)
                        && !e.getValue().isBefore(evidence.window().from()) && !e.getValue().isAfter(evidence.window().to())))
                .toList();
    }

    private static String route(String route) {
        return route == null ? null : Redaction.redact(route);
    }

    /**
     * Whether a log line is the incident's own evidence: it carries the incident's signature, or the incident has none
     * (the error rate) and the line is an error.
     */
    public static boolean isOwnLine(String incidentSignature, boolean carriesIt, String level) {
        return carriesIt || (incidentSignature.isEmpty() && severity(level) == 0);
    }

    /**
     * The incident's own log lines: its signature's, or for an incident of no signature (the error rate) the service's
     * error lines.
     */
    private static List<LogLine> ownLines(EpisodeEvidence evidence) {
        var signature = evidence.incident().signature();
        return evidence.logs().stream().filter(l -> isOwnLine(signature, l.incidentSignature(), l.line().level()))
                .map(EpisodeEvidence.Log::line).toList();
    }

    private static List<String> missingSignals(EpisodeEvidence evidence) {
        var missing = new ArrayList<String>();
        var signatureLogs = ownLines(evidence);
        if (evidence.exceptions().isEmpty()) {
            missing.add(STACK_TRACE);
        }
        boolean anyDeploy = evidence.exceptions().stream().anyMatch(e -> !nonNull(e.deployHash()).isEmpty())
                || signatureLogs.stream().anyMatch(l -> !nonNull(l.deployHash()).isEmpty());
        if (!anyDeploy) {
            missing.add(DEPLOY_HASH);
        }
        if (!evidence.ids().requestIds()) {
            missing.add(REQUEST_ID);
        }
        if (!evidence.ids().traceIds()) {
            missing.add(TRACE_ID);
        }
        boolean anyRoute = evidence.exceptions().stream().anyMatch(e -> !nonNull(e.route()).isEmpty())
                || signatureLogs.stream().anyMatch(l -> !nonNull(l.route()).isEmpty());
        if (!anyRoute) {
            missing.add(ROUTE);
        }
        if (evidence.errorRate().stream().mapToLong(Context.RatePoint::requests).sum() == 0) {
            missing.add(REQUEST_METADATA);
        }
        return missing;
    }

    private static String nonNull(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}
