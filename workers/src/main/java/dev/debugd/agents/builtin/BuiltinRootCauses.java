package dev.debugd.agents.builtin;

import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.timeline.RootCauseCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code builtin} reasoner's root causes (ARCHITECTURE §5): deterministic rules over the context. Each piece of
 * evidence (an exception kind and its causes, a log line, a frame) is read for the wording of each kind of failure
 * ({@link FailurePatterns}); what the incident's own exceptions and error lines say weighs most, warnings and other
 * lines little, so a harmless warning beside the failure does not lead. A fault that began with a deploy favours causes
 * a deploy brings (code, configuration, schema). Up to three ranked hypotheses with honest confidences; when nothing
 * clear matches, {@code unknown} with a low one, which routes to the Instrumentation Agent. Pure.
 */
public final class BuiltinRootCauses {

    public static final String RULES_VERSION = "builtin-rca-3";

    /** One ranked hypothesis: its category, a one-line statement, a confidence in [0, 1], the evidence quoted. */
    public record Hypothesis(RootCauseCategory category, String statement, double confidence, List<String> evidence) {
        public Hypothesis {
            evidence = List.copyOf(evidence);
        }
    }

    /** Below this score nothing is clear enough to name. */
    static final double CLEAR = 2.5;
    /** What many causes look like from outside: a more specific cause named in the same line explains them. */
    private static final Set<RootCauseCategory> SYMPTOMS = Set.of(RootCauseCategory.DEPENDENCY_TIMEOUT,
            RootCauseCategory.DEPENDENCY_UNAVAILABLE, RootCauseCategory.CODE_DEFECT);
    private static final Set<RootCauseCategory> DEPLOY_BROUGHT = Set.of(RootCauseCategory.CODE_DEFECT,
            RootCauseCategory.MISSING_CONFIG, RootCauseCategory.BAD_CONFIG_VALUE, RootCauseCategory.SCHEMA_MISMATCH);

    /**
     * A text of the context, how much it counts, and what to quote of it; for a link of an exception chain whose root
     * cause names a specific cause, those causes ({@code null} otherwise).
     */
    private record Source(String text, double weight, String quote, Set<RootCauseCategory> rootCauses) {
        Source(String text, double weight, String quote) {
            this(text, weight, quote, null);
        }
    }

    private BuiltinRootCauses() {}

    public static List<Hypothesis> propose(Context context) {
        var sources = sources(context);
        var scores = new EnumMap<RootCauseCategory, Double>(RootCauseCategory.class);
        var quotes = new EnumMap<RootCauseCategory, List<Source>>(RootCauseCategory.class);
        boolean began = context.deploys().stream().anyMatch(Context.DeploySeen::faultBeganWithIt);
        boolean causeStated = false;
        for (var source : sources) {
            var weights = clues(source.text());
            // A line that names a specific cause explains the symptom it also names: "pool … request timed out" is the
            // pool's, "lookup … i/o timeout" the resolver's, "invalid configuration value … timeout" the setting's.
            boolean explained = weights.keySet().stream().anyMatch(category -> !SYMPTOMS.contains(category));
            causeStated |= source.weight() >= 2 && weights.entrySet().stream()
                    .anyMatch(e -> !SYMPTOMS.contains(e.getKey()) && e.getValue() >= 1);
            weights.forEach((category, weight) -> {
                boolean symptom = explained && SYMPTOMS.contains(category)
                        || source.rootCauses() != null && !source.rootCauses().contains(category);
                double credit = weight * source.weight() * (symptom ? 0.3 : 1);
                scores.merge(category, credit, Double::sum);
                quotes.computeIfAbsent(category, c -> new ArrayList<>()).add(source);
            });
        }
        // A specific cause stated outright in an exception or an error line explains the symptoms around it (the timeouts
        // after a setting went bad, the refused connections of a full disk): they count less.
        boolean symptomsExplained = causeStated;
        scores.replaceAll((category, score) -> score * (began == DEPLOY_BROUGHT.contains(category) ? 1.25 : 1.0)
                * (symptomsExplained && SYMPTOMS.contains(category) ? 0.4 : 1.0));
        quotes.values().forEach(matched -> matched.sort(Comparator.comparingDouble(Source::weight).reversed()
                .thenComparing(Source::quote)));
        var ranked = scores.entrySet().stream()
                .sorted(Map.Entry.<RootCauseCategory, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        var hypotheses = new ArrayList<Hypothesis>();
        double total = ranked.stream().mapToDouble(Map.Entry::getValue).sum();
        if (ranked.isEmpty() || ranked.get(0).getValue() < CLEAR) {
            hypotheses.add(new Hypothesis(RootCauseCategory.UNKNOWN, "No known failure pattern stands out in the evidence of "
                    + context.incident().service() + "; more signals are needed", 0.2, List.of()));
        }
        for (var entry : ranked) {
            if (hypotheses.size() == 3) {
                break;
            }
            double score = entry.getValue();
            // Strength of the evidence, discounted by how much the rest of it points elsewhere.
            double strength = Math.min(1, score / 8);
            double share = score / total;
            // Evidence that points as much elsewhere leaves a toss-up: without a clear lead over the strongest other
            // category, no hypothesis is more likely than not.
            double rival = ranked.stream().filter(other -> other != entry).mapToDouble(Map.Entry::getValue).max().orElse(0);
            double lead = Math.max(0, (score - rival) / score);
            double confidence = round(Math.max(0.05, Math.min(Math.min(0.95, 0.35 + 0.6 * lead), 0.25 + 0.45 * strength
                    + 0.3 * share - (score < CLEAR ? 0.3 : 0))));
            var matched = quotes.get(entry.getKey());
            hypotheses.add(new Hypothesis(entry.getKey(), statement(entry.getKey(), matched.get(0).quote(), context), confidence,
                    matched.stream().map(Source::quote).distinct().limit(3).toList()));
        }
        return hypotheses;
    }

    /** The categories whose wording the text has, each with the weight of its strongest clue. */
    private static Map<RootCauseCategory, Double> clues(String text) {
        var weights = new EnumMap<RootCauseCategory, Double>(RootCauseCategory.class);
        for (var entry : FailurePatterns.BY_CATEGORY.entrySet()) {
            for (var clue : entry.getValue()) {
                if (clue.weight() > weights.getOrDefault(entry.getKey(), 0.0) && clue.pattern().matcher(text).find()) {
                    weights.put(entry.getKey(), clue.weight());
                }
            }
        }
        return weights;
    }

    /**
     * What the deepest link of an exception chain that says a specific cause outright names, or {@code null}: the
     * failure began there, and the links around it (a pool that cannot hand out connections it cannot open, a client
     * that gives up) describe what it did to the operation.
     */
    private static Set<RootCauseCategory> rootCauses(Context.ExceptionSample exception) {
        var links = new ArrayList<String>();
        links.add(exception.type() + ": " + exception.message());
        exception.causes().forEach(cause -> links.add(cause.type() + ": " + cause.message()));
        for (int i = links.size() - 1; i > 0; i--) {
            var named = clues(links.get(i)).entrySet().stream()
                    .filter(e -> !SYMPTOMS.contains(e.getKey()) && e.getValue() >= 1).map(Map.Entry::getKey).toList();
            if (!named.isEmpty()) {
                return Set.copyOf(named);
            }
        }
        return null;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static List<Source> sources(Context context) {
        var sources = new ArrayList<Source>();
        for (var exception : context.exceptionsToRead()) {
            var rootCauses = rootCauses(exception);
            sources.add(new Source(exception.type() + ": " + exception.message(), 3, exception.message().isEmpty()
                    ? exception.type() : exception.message(), rootCauses));
            for (var cause : exception.causes()) {
                sources.add(new Source(cause.type() + ": " + cause.message(), 2.5, cause.message().isEmpty() ? cause.type()
                        : cause.message(), rootCauses));
            }
            for (var frame : exception.frames()) {
                sources.add(new Source(frame.module() + "." + frame.function(), 0.3, frame.module() + "." + frame.function()));
            }
        }
        // The incident's own lines weigh most (for an error-rate incident, the service's error lines).
        for (var line : context.logLines()) {
            boolean own = ContextAssembly.isOwnLine(context.incident().signature(), line.incidentSignature(), line.level());
            double weight = own ? 2.5 : switch (ContextAssembly.severity(line.level())) {
                case 0 -> 2.0;
                case 1 -> 0.4;
                default -> 0.2;
            };
            // A line as frequent as before the fault is background: it says little about what went wrong.
            sources.add(new Source(line.message(), weight * (line.aboveBaseline() ? 1 : 0.2), line.message()));
        }
        return sources;
    }

    private static String statement(RootCauseCategory category, String quote, Context context) {
        var service = context.incident().service();
        var phrase = switch (category) {
            case MISSING_CONFIG -> "A configuration value or secret that " + service + " needs is missing";
            case BAD_CONFIG_VALUE -> "A configuration value of " + service + " is invalid";
            case CODE_DEFECT -> "A defect in " + service + "'s code" + context.exceptions().stream().findFirst()
                    .flatMap(e -> e.frames().stream().filter(Context.Frame::inApp).findFirst())
                    .map(f -> " at " + f.module() + "." + f.function() + (f.line() > 0 ? ":" + f.line() : "")).orElse("");
            case DEPENDENCY_UNAVAILABLE -> "A dependency of " + service + " refuses or drops connections";
            case DEPENDENCY_TIMEOUT -> "A dependency of " + service + " does not answer in time";
            case POOL_EXHAUSTION -> "A connection pool of " + service + " is exhausted";
            case MEMORY_EXHAUSTION -> service + " runs out of memory";
            case DISK_EXHAUSTION -> "A disk " + service + " writes to is full";
            case SCHEMA_MISMATCH -> service + "'s code and its data schema disagree";
            case RATE_LIMITED -> "A provider rate-limits " + service;
            case CERTIFICATE_OR_AUTH -> "Authentication or a certificate fails for " + service;
            case DNS_OR_NETWORK -> "A host " + service + " calls does not resolve or cannot be reached";
            case UNKNOWN -> "No known failure pattern stands out";
        };
        var began = context.deploys().stream().filter(Context.DeploySeen::faultBeganWithIt).findFirst()
                .map(d -> ", since deploy " + d.deployHash()).orElse("");
        var evidence = quote.length() <= 200 ? quote : quote.substring(0, 200) + "…";
        return phrase + began + ": " + evidence;
    }
}
