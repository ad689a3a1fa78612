package dev.debugd.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.timeline.RootCauseCategory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopHypothesisTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void isTheMostConfidentOfTheLatestCycleWithOneTheLaterOfEquals() {
        var cycle1Best = hypothesis(1, 0.95, 0);
        var cycle2Low = hypothesis(2, 0.5, 10);
        var cycle2High = hypothesis(2, 0.7, 20);
        var cycle2HighLater = hypothesis(2, 0.7, 30);
        assertThat(view(List.of(cycle1Best, cycle2Low, cycle2HighLater, cycle2High)).topHypothesis()).contains(cycle2HighLater);
        assertThat(view(List.of(cycle1Best)).topHypothesis()).contains(cycle1Best);
        assertThat(view(List.of()).topHypothesis()).isEmpty();
    }

    private static IncidentView.Hypothesis hypothesis(int cycle, double confidence, int second) {
        return new IncidentView.Hypothesis(UUID.nameUUIDFromBytes((cycle + "/" + confidence + "/" + second).getBytes()), cycle,
                T0.plusSeconds(second), "h", RootCauseCategory.UNKNOWN, confidence, "1.0.0");
    }

    private static IncidentView view(List<IncidentView.Hypothesis> hypotheses) {
        return new IncidentView("acme", "inc-1", IncidentStatus.ROOT_CAUSE_PROPOSED, 2, null, List.of(), hypotheses, List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), 0);
    }
}
