package dev.debugd.bench.rca;

import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.context.snapshot.EpisodeEvidence;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import dev.debugd.signature.ErrorSignature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * A scenario's context without the servers: its fault's exceptions and log lines, assembled as the context builder
 * would for the incident the detector reports first: the new signature after a deploy, else the error rate. The harness's path with no ingest, detector or ClickHouse, which
 * its figures are compared with; the tuning test's path.
 */
public final class ScenarioContext {

    private static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(60), Duration.ofSeconds(60));
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    private ScenarioContext() {}

    public static Context of(RcaScenario scenario) {
        long first = GRID.bucketOf(START);
        var exceptions = new ArrayList<ExceptionEvent>();
        var lines = new ArrayList<LogLine>();
        for (int b = ScenarioTraffic.HEALTHY_BUCKETS; b < ScenarioTraffic.buckets(scenario); b++) {
            var evidence = ScenarioTraffic.bucket(scenario, GRID, first, b);
            exceptions.addAll(evidence.exceptions());
            lines.addAll(evidence.logs());
        }
        // As the detector sees it: a new signature is news after a deploy (novelty); otherwise the error rate, of no signature.
        String signature = !scenario.fault().afterDeploy() ? "" : exceptions.isEmpty()
                ? lines.stream().map(ErrorSignature::of).filter(s -> !s.isEmpty()).findFirst().orElse("")
                : ErrorSignature.of(exceptions.get(0));
        // The scenario's lines come with its fault only: none was there before it.
        var logs = lines.stream().map(line -> new EpisodeEvidence.Log(line, ErrorSignature.of(line).equals(signature),
                ErrorSignature.of(line), 0)).toList();
        var faultFrom = GRID.start(first + ScenarioTraffic.HEALTHY_BUCKETS);
        var deploys = new HashMap<String, Instant>();
        deploys.put(scenario.deploy().before(), GRID.start(first));
        if (scenario.fault().afterDeploy()) {
            deploys.put(scenario.deploy().after(), faultFrom);
        }
        var incident = new Context.Incident("scenario", "ep-" + scenario.id(), 1, scenario.service(),
                signature.isEmpty() ? "error_rate" : "novelty", signature, signature.isEmpty() ? 0 : 1, "",
                faultFrom, GRID.end(first + ScenarioTraffic.buckets(scenario)));
        var window = new Context.Window(GRID.start(first + 2), faultFrom, GRID.start(first + ScenarioTraffic.buckets(scenario)),
                GRID.widthSeconds());
        return ContextAssembly.assemble(new EpisodeEvidence(incident, window, exceptions, logs, List.of(), List.of(), deploys,
                List.of(), List.of(), new Context.IdPresence(false, false), List.of(), Optional.empty(), List.of()),
                ContextAssembly.Limits.DEFAULT);
    }
}
