package dev.debugd.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.resolve.rules.EvaluationMetrics;
import dev.debugd.resolve.rules.EvaluationMetrics.Counts;
import dev.debugd.timeline.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The builtin Evaluation Agent's rule over figures written by hand: 600 requests a window of 10 minutes. */
class EvaluationAgentTest {

    private static final UUID FIX = UUID.fromString("6f1c2e4a-9b8d-4c7e-a5f3-2d1b0e9c8a7f");
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    private static Payload.EvaluationCompleted judge(Counts before, Counts after) {
        var figures = EvaluationMetrics.of(before, after, Duration.ofMinutes(10));
        return EvaluationAgent.judge(new Payload.EvaluationDue(FIX, T0, T0.plusSeconds(600), figures.metrics(),
                figures.inconclusive().orElse(null)));
    }

    @Test
    void aNewErrorThatStoppedAndAnErrorRateBackToNormalPass() {
        var judged = judge(new Counts(600, 1, Optional.of(0L)), new Counts(590, 2, Optional.of(3L)));
        assertThat(judged.verdict()).isEqualTo("pass");
        assertThat(judged.passed()).isTrue();
        assertThat(judged.rule()).isEqualTo("builtin-evaluation-1");
        assertThat(judged.fixEventId()).isEqualTo(FIX);
        assertThat(judged.assessment()).isEqualTo("Pass: the error's rate is 0.3/min after the fix against 0.0/min before the"
                + " fault (at most 1.0/min); the share of failed requests is 0.3 % after the fix against 0.2 % before the fault (at"
                + " most 2.2 %).");
        assertThat(judged.metrics()).containsEntry("signature_per_minute_after", 0.3).containsEntry("requests_before", 600.0);
    }

    @Test
    void anErrorThatGoesOnFailsEvenWhenTheErrorRateIsNormal() {
        var judged = judge(new Counts(600, 1, Optional.of(0L)), new Counts(600, 1, Optional.of(55L)));
        assertThat(judged.verdict()).isEqualTo("fail");
        assertThat(judged.passed()).isFalse();
        assertThat(judged.assessment()).startsWith("Fail: the error's rate is 5.5/min after the fix against 0.0/min before")
                .contains("; while the share of failed requests is 0.2 %").contains("did not hold");
    }

    @Test
    void aFailedShareStillHighFailsAnIncidentWithoutASignature() {
        var judged = judge(new Counts(600, 1, Optional.empty()), new Counts(600, 150, Optional.empty()));
        assertThat(judged.verdict()).isEqualTo("fail");
        assertThat(judged.assessment()).startsWith("Fail: the share of failed requests is 25.0 % after the fix against 0.2 %");
        assertThat(judged.metrics()).doesNotContainKey("signature_per_minute_after");
    }

    @Test
    void tooFewRequestsInEitherWindowAreInconclusiveNeverAPass() {
        var judged = judge(new Counts(600, 0, Optional.of(0L)), new Counts(12, 0, Optional.of(0L)));
        assertThat(judged.verdict()).isEqualTo("inconclusive");
        assertThat(judged.passed()).isFalse();
        assertThat(judged.assessment()).isEqualTo("Inconclusive: too few requests to judge: 600 before the fault and 12 after"
                + " the fix, in windows of 10.0 min (at least 30 each).");
    }

    @Test
    void anEvaluationRecordedWithoutFiguresIsInconclusive() {
        var judged = EvaluationAgent.judge(new Payload.EvaluationDue(FIX, T0, T0.plusSeconds(600)));
        assertThat(judged.verdict()).isEqualTo("inconclusive");
    }
}
