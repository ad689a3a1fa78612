package dev.debugd.context.snapshot;

import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the context builder read for one incident, before it is cut to the context's budgets: the episode window's
 * evidence from ClickHouse (each list in the order of stable keys, up to the reader's fetch limits) and the code it
 * read from the code host.
 *
 * @param exceptions the exceptions of the incident's signature in the fault window
 * @param logs       the service's log lines in the fault window, each marked when it carries the incident's signature
 * @param deploys    the service's deploys first seen up to the window's end, by hash
 * @param fetchLimitsHit which of the reader's lists were cut at its fetch limit
 */
public record EpisodeEvidence(Context.Incident incident, Context.Window window, List<ExceptionEvent> exceptions,
        List<Log> logs, List<Context.SignaturePoint> signatureSeries, List<Context.RatePoint> errorRate,
        Map<String, Instant> deploys, List<Context.RouteCount> routes, List<Context.StatusCount> statusCodes,
        Context.IdPresence ids, List<Context.RelatedSignature> related, Optional<Context.Code> code,
        List<String> fetchLimitsHit) {

    public EpisodeEvidence {
        exceptions = List.copyOf(exceptions);
        logs = List.copyOf(logs);
        signatureSeries = List.copyOf(signatureSeries);
        errorRate = List.copyOf(errorRate);
        deploys = Map.copyOf(deploys);
        routes = List.copyOf(routes);
        statusCodes = List.copyOf(statusCodes);
        related = List.copyOf(related);
        fetchLimitsHit = List.copyOf(fetchLimitsHit);
    }

    /** The same evidence with the code read for it. */
    public EpisodeEvidence withCode(Context.Code read) {
        return new EpisodeEvidence(incident, window, exceptions, logs, signatureSeries, errorRate, deploys, routes, statusCodes, ids,
                related, Optional.of(read), fetchLimitsHit);
    }

    /**
     * A log line, whether it carries the incident's signature, its own signature ("" when it has none) and how often that
     * signature occurred in the window before the fault.
     */
    public record Log(LogLine line, boolean incidentSignature, String signature, long baselineOccurrences) {}
}
