package dev.debugd.bench.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.debugd.bench.rca.RcaScore.Answer;
import dev.debugd.bench.rca.RcaScore.CategoryRow;
import dev.debugd.timeline.Payload.RankedHypothesis;
import dev.debugd.timeline.RootCauseCategory;
import java.util.List;
import org.junit.jupiter.api.Test;

class RcaScoreTest {

    private static RcaScenario expecting(RootCauseCategory category, String... mentions) {
        return new RcaScenario("s-" + category.wire(), "svc", "java", "/", new RcaScenario.Deploy("a", "b"),
                new RcaScenario.Baseline(60, 0.01), new RcaScenario.Fault(false, 0.3, 4), null, List.of(),
                new RcaScenario.Expect(category, List.of(mentions)));
    }

    private static RankedHypothesis says(RootCauseCategory category, String statement, double confidence) {
        return new RankedHypothesis(category, statement, confidence, List.of());
    }

    @Test
    void scoresFiveAnswersByHand() {
        var answers = List.of(
                // right, and names the pool
                new Answer(expecting(RootCauseCategory.POOL_EXHAUSTION, "pool"),
                        List.of(says(RootCauseCategory.POOL_EXHAUSTION, "The HikariCP POOL is exhausted", 0.9))),
                // right category, names nothing expected
                new Answer(expecting(RootCauseCategory.DEPENDENCY_TIMEOUT, "redis"),
                        List.of(says(RootCauseCategory.DEPENDENCY_TIMEOUT, "calls time out", 0.7))),
                // wrong first, right second
                new Answer(expecting(RootCauseCategory.MISSING_CONFIG),
                        List.of(says(RootCauseCategory.CODE_DEFECT, "a bug", 0.4), says(RootCauseCategory.MISSING_CONFIG, "unset", 0.3))),
                // an unknown scenario answered confidently wrong, but below the threshold
                new Answer(expecting(RootCauseCategory.UNKNOWN), List.of(says(RootCauseCategory.CODE_DEFECT, "a bug", 0.6))),
                // no answer at all
                new Answer(expecting(RootCauseCategory.UNKNOWN), List.of()));

        var score = RcaScore.of(answers, 0.7);

        assertThat(score.scenarios()).isEqualTo(5);
        assertThat(score.top1()).isCloseTo(2 / 5.0, within(1e-9));
        assertThat(score.top3()).isCloseTo(3 / 5.0, within(1e-9));
        assertThat(score.mention()).isCloseTo(1 / 5.0, within(1e-9));
        assertThat(score.confRight()).isCloseTo((0.9 + 0.7) / 2, within(1e-9));
        assertThat(score.confWrong()).isCloseTo((0.4 + 0.6) / 2, within(1e-9));
        assertThat(score.unknownOk()).isCloseTo(1 / 2.0, within(1e-9));
        assertThat(score.categories()).containsExactly(
                new CategoryRow(RootCauseCategory.MISSING_CONFIG, 1, 0, 1),
                new CategoryRow(RootCauseCategory.DEPENDENCY_TIMEOUT, 1, 1, 1),
                new CategoryRow(RootCauseCategory.POOL_EXHAUSTION, 1, 1, 1),
                new CategoryRow(RootCauseCategory.UNKNOWN, 2, 0, 0));
    }

    @Test
    void anUnknownAnsweredAboveTheThresholdIsNotOk() {
        var score = RcaScore.of(List.of(new Answer(expecting(RootCauseCategory.UNKNOWN),
                List.of(says(RootCauseCategory.CODE_DEFECT, "a bug", 0.7)))), 0.7);

        assertThat(score.unknownOk()).isZero();
        assertThat(score.confRight()).isZero();
        assertThat(score.confWrong()).isEqualTo(0.7);
    }

    @Test
    void nothingToScoreIsRefused() {
        assertThatThrownBy(() -> RcaScore.of(List.of(), 0.7)).hasMessageContaining("no scenario");
    }
}
