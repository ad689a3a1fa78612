package dev.debugd.agents.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.agents.RootCauseAgent;
import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.RcaScore;
import dev.debugd.bench.rca.ScenarioContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The builtin reasoner on the tuning scenarios, through the same evidence and context assembly the harness uses but
 * without the servers (the harness, {@code bin/debugd bench rca}, runs them through the real pipeline). The held-out
 * gate scenarios are not read here.
 */
class TuningScenariosTest {

    @Test
    void theTuningScenarios() throws Exception {
        var scenarios = RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json"));
        var answers = scenarios.stream()
                .map(scenario -> new RcaScore.Answer(scenario, RootCauseAgent.propose(ScenarioContext.of(scenario)).ranked()))
                .toList();
        for (var answer : answers) {
            var first = answer.ranked().get(0);
            System.out.printf("%-50s %-22s %-22s %.2f %s %s%n", answer.scenario().id(), answer.scenario().expect().category().wire(),
                    first.category().wire(), first.confidence(), answer.right() ? "ok" : "WRONG",
                    answer.mentions() ? "" : "(no mention) " + first.statement());
        }
        var score = RcaScore.of(answers, 0.7);
        System.out.println("tuning: " + score);

        assertThat(score.top1()).as("top-1 on the tuning scenarios").isGreaterThanOrEqualTo(0.8);
        assertThat(score.unknownOk()).as("unknown scenarios answered unknown or below the threshold").isGreaterThanOrEqualTo(0.8);
        assertThat(score.confWrong()).as("mean confidence of wrong answers").isLessThan(0.5);
    }
}
