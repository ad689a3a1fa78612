package dev.debugd.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.context.snapshot.Context;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the memory's nearest entries a context lists. */
class PastIncidentsTest {

    private static Neighbour neighbour(String incident, int cycle, double distance, String hypothesis) {
        return new Neighbour(new MemoryEntry("acme", incident, cycle, "checkout", "sig", "New error in checkout",
                Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T12:00:00Z"), MemoryEntry.EVALUATION_PASSED,
                "code_defect", hypothesis, 0.8, "Guard the coupon", "pass", "gone"), distance);
    }

    @Test
    void alikeOnesOnlyOnePerIncidentNearestFirstAtMostThree() {
        var chosen = PastIncidents.select(List.of(
                neighbour("inc-2", 2, 0.05, "second cycle"),
                neighbour("inc-2", 1, 0.06, "first cycle"),
                neighbour("inc-1", 1, 0.1, "a"),
                neighbour("inc-4", 1, 0.2, "b"),
                neighbour("inc-5", 1, 0.24, "c"),
                neighbour("inc-6", 1, 0.3, "too far")));
        assertThat(chosen).extracting(Context.PastIncident::incidentId).containsExactly("inc-2", "inc-1", "inc-4");
        assertThat(chosen.get(0).cycle()).isEqualTo(2);
        assertThat(chosen.get(0).hypothesis()).isEqualTo("second cycle");
        assertThat(chosen).extracting(Context.PastIncident::similarity).containsExactly(0.95, 0.9, 0.8);

        assertThat(PastIncidents.select(List.of(neighbour("inc-6", 1, 0.26, "too far")))).isEmpty();
    }

    @Test
    void textsAreRedactedAndCut() {
        var chosen = PastIncidents.select(List.of(neighbour("inc-1", 1, 0.1, "password=hunter2 in the config; " + "x".repeat(600))));
        assertThat(chosen.get(0).hypothesis()).doesNotContain("hunter2").endsWith("…").hasSize(501);
    }
}
