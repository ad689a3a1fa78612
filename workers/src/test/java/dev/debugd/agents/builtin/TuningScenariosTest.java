package dev.debugd.agents.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioTraffic;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.context.snapshot.EpisodeEvidence;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.signature.ErrorSignature;
import dev.debugd.timeline.RootCauseCategory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The builtin reasoner on the tuning scenarios, through the same evidence and context assembly the harness uses but
 * without the servers (the harness, {@code bin/debugd bench rca}, runs them through the real pipeline). The held-out
 * gate scenarios are not read here.
 */
public class TuningScenariosTest {

    private static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(60), Duration.ofSeconds(60));

    /** The context the builder would assemble for the scenario's incident. */
    public static Context context(RcaScenario scenario) {
        long first = GRID.bucketOf(Instant.parse("2026-05-01T10:00:00Z"));
        var exceptions = new ArrayList<ExceptionEvent>();
        var logs = new ArrayList<EpisodeEvidence.Log>();
        var lines = new ArrayList<dev.debugd.evidence.LogLine>();
        for (int b = ScenarioTraffic.HEALTHY_BUCKETS; b < ScenarioTraffic.buckets(scenario); b++) {
            var evidence = ScenarioTraffic.bucket(scenario, GRID, first, b);
            exceptions.addAll(evidence.exceptions());
            lines.addAll(evidence.logs());
        }
        String signature = exceptions.isEmpty()
                ? lines.stream().map(ErrorSignature::of).filter(s -> !s.isEmpty()).findFirst().orElse("")
                : ErrorSignature.of(exceptions.get(0));
        for (var line : lines) {
            logs.add(new EpisodeEvidence.Log(line, ErrorSignature.of(line).equals(signature)));
        }
        var faultFrom = GRID.start(first + ScenarioTraffic.HEALTHY_BUCKETS);
        var deploys = new HashMap<String, Instant>();
        deploys.put(scenario.deploy().before(), GRID.start(first));
        if (scenario.fault().afterDeploy()) {
            deploys.put(scenario.deploy().after(), faultFrom);
        }
        var incident = new Context.Incident("acme", "ep-" + scenario.id(), 1, scenario.service(), "novelty", signature, 1, "",
                faultFrom, GRID.end(first + ScenarioTraffic.buckets(scenario)));
        var window = new Context.Window(GRID.start(first + 2), faultFrom, GRID.start(first + ScenarioTraffic.buckets(scenario)), 60);
        return ContextAssembly.assemble(new EpisodeEvidence(incident, window, exceptions, logs, List.of(), List.of(), deploys,
                List.of(), List.of(), new Context.IdPresence(false, false), List.of(), java.util.Optional.empty(), List.of()),
                ContextAssembly.Limits.DEFAULT);
    }

    @Test
    void theTuningScenarios() throws Exception {
        var scenarios = RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json"));
        int top1 = 0;
        int top3 = 0;
        int mention = 0;
        int unknownScenarios = 0;
        int unknownOk = 0;
        double right = 0;
        int rightCount = 0;
        double wrong = 0;
        int wrongCount = 0;
        var rows = new ArrayList<String>();
        for (var scenario : scenarios) {
            var hypotheses = BuiltinRootCauses.propose(context(scenario));
            var first = hypotheses.get(0);
            var expected = scenario.expect().category();
            boolean isTop1 = first.category() == expected;
            boolean mentions = isTop1 && (scenario.expect().mentionsAny().isEmpty() || scenario.expect().mentionsAny().stream()
                    .anyMatch(m -> first.statement().toLowerCase(Locale.ROOT).contains(m.toLowerCase(Locale.ROOT))));
            top1 += isTop1 ? 1 : 0;
            top3 += hypotheses.stream().limit(3).anyMatch(h -> h.category() == expected) ? 1 : 0;
            mention += mentions ? 1 : 0;
            if (isTop1) {
                right += first.confidence();
                rightCount++;
            } else {
                wrong += first.confidence();
                wrongCount++;
            }
            if (expected == RootCauseCategory.UNKNOWN) {
                unknownScenarios++;
                unknownOk += first.category() == RootCauseCategory.UNKNOWN || first.confidence() < 0.7 ? 1 : 0;
            }
            rows.add(String.format("%-50s %-22s %-22s %.2f %s %s", scenario.id(), expected.wire(), first.category().wire(),
                    first.confidence(), isTop1 ? "ok" : "WRONG", mentions ? "" : "(no mention) " + first.statement()));
        }
        rows.forEach(System.out::println);
        double n = scenarios.size();
        System.out.printf("tuning: top1=%.2f top3=%.2f mention=%.2f conf_right=%.2f conf_wrong=%.2f unknown_ok=%.2f%n", top1 / n,
                top3 / n, mention / n, rightCount == 0 ? 0 : right / rightCount, wrongCount == 0 ? 0 : wrong / wrongCount,
                unknownScenarios == 0 ? 1 : (double) unknownOk / unknownScenarios);
        assertThat(top1 / n).as("top-1 on the tuning scenarios").isGreaterThanOrEqualTo(0.8);
        assertThat(unknownScenarios == 0 ? 1 : (double) unknownOk / unknownScenarios).isGreaterThanOrEqualTo(0.8);
        assertThat(wrongCount == 0 ? 0 : wrong / wrongCount).as("mean confidence of wrong answers").isLessThan(0.5);
    }
}
