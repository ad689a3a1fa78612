package dev.debugd.bench.rca;

import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.signature.StackTraceText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A scenario as evidence, one bucket per scenario minute: healthy requests on the "before" deploy; then, when the fault
 * follows a deploy, the "after" deploy from the fault on; during the fault, failed requests at its error rate, each with
 * the scenario's exception, and its log lines once a bucket. Deterministic: the same scenario gives the same rows.
 */
public final class ScenarioTraffic {

    /** Buckets of healthy traffic before the fault: as many as the detector's default baseline, and two more. */
    public static final int HEALTHY_BUCKETS = 12;
    private static final Pattern LEVEL = Pattern.compile("(?i)\\b(fatal|panic|critical|error|err|warning|warn|info|debug|notice)\\b");

    private ScenarioTraffic() {}

    /** How many buckets the scenario takes. */
    public static int buckets(RcaScenario scenario) {
        return HEALTHY_BUCKETS + scenario.fault().minutes();
    }

    /** The evidence of one bucket ({@code index} from 0), the scenario's first bucket being {@code first}. */
    public static Evidence bucket(RcaScenario scenario, BucketGrid grid, long first, int index) {
        var start = grid.start(first + index);
        boolean fault = index >= HEALTHY_BUCKETS;
        var deploy = fault && scenario.fault().afterDeploy() ? scenario.deploy().after() : scenario.deploy().before();
        int requests = Math.max(1, scenario.baseline().requestsPerMin());
        double errorRate = fault ? scenario.fault().errorRate() : scenario.baseline().errorRate();
        int failed = (int) Math.round(requests * errorRate);
        long step = Math.max(1, grid.width().toMillis() / requests);
        var route = scenario.route() == null ? "" : scenario.route();
        var rows = new ArrayList<RequestRecord>();
        var exceptions = new ArrayList<ExceptionEvent>();
        var logs = new ArrayList<LogLine>();
        for (int i = 0; i < requests; i++) {
            var at = start.plusMillis(i * step);
            // Failures spread over the bucket: every k-th request, so each bucket's share is the same.
            boolean fails = failed > 0 && (i * failed) / requests != ((i + 1) * failed) / requests;
            rows.add(new RequestRecord(at, scenario.service(), route, fails ? 500 : 200, fails ? 800 : 25, deploy, "", ""));
            if (fails && fault && scenario.exception() != null) {
                exceptions.add(exception(scenario, at, route, deploy));
            }
        }
        if (fault) {
            for (int i = 0; i < scenario.logs().size(); i++) {
                var line = scenario.logs().get(i);
                logs.add(new LogLine(start.plusMillis(i), scenario.service(), level(line), line, route, deploy, "", "", "stdout"));
            }
        }
        return new Evidence(logs, exceptions, rows);
    }

    /** The level a log shipper reads from a plain line: its first level word, else info. */
    public static String level(String line) {
        var matcher = LEVEL.matcher(line);
        if (!matcher.find()) {
            return "info";
        }
        var word = matcher.group(1).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "err" -> "error";
            case "warning" -> "warn";
            case "notice" -> "info";
            default -> word;
        };
    }

    private static ExceptionEvent exception(RcaScenario scenario, Instant at, String route, String deploy) {
        var given = scenario.exception();
        var parsed = given.stacktrace() == null || given.stacktrace().isBlank() ? null : StackTraceText.parse(given.stacktrace());
        return new ExceptionEvent(at, scenario.service(), route, deploy, "", "", given.type(),
                given.message() == null ? "" : given.message(), parsed == null ? List.of() : parsed.frames(),
                parsed == null ? List.of() : parsed.causes());
    }
}
