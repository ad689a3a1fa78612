package dev.debugd.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final Instant EARLIER = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void anUnchangedStatusKeepsItsTransitionTimeSoTheStatusIsEqualAndNotPatched() {
        var previous = List.of(new Condition("Ready", "True", "Reconciled", "fine", EARLIER.toString()));
        assertThat(Readiness.ready("fine").conditions(previous, NOW)).isEqualTo(previous);
    }

    @Test
    void aChangedStatusTransitionsNow() {
        var previous = List.of(new Condition("Ready", "True", "Reconciled", "fine", EARLIER.toString()));
        assertThat(Readiness.notReady("TenantNotFound", "no Tenant named 'acme'").conditions(previous, NOW))
                .containsExactly(new Condition("Ready", "False", "TenantNotFound", "no Tenant named 'acme'", "2026-12-06T12:00:00Z"));
    }

    @Test
    void theFirstStatusTransitionsNow() {
        assertThat(Readiness.ready("fine").conditions(null, NOW)).singleElement()
                .satisfies(c -> assertThat(c.lastTransitionTime()).isEqualTo("2026-12-06T12:00:00Z"));
    }
}
