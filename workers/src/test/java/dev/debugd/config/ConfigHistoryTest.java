package dev.debugd.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's settings as recorded: in force from their fact's time on, defaults around them. */
class ConfigHistoryTest {

    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(600);
    private static final Instant T3 = T2.plusSeconds(600);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Event tenant(String spec, long generation, Instant time) {
        var manifest = Manifest.of(JSON.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Tenant\", \"metadata\":"
                + " {\"name\": \"acme\"}, \"spec\": " + spec + "}"), "test");
        return ConfigFacts.fact(manifest, generation, time);
    }

    @Test
    void aSettingIsInForceFromItsFactsTimeUntilTheNextAndDefaultsAroundThem() {
        var history = new ConfigHistory("acme");
        var facts = List.of(tenant("{\"confidenceThreshold\": 0.6}", 1, T1), tenant("{\"confidenceThreshold\": 0.9}", 2, T2));
        for (int i = 0; i < facts.size(); i++) {
            history.add(new TimelineRecord(facts.get(i), "internal", 0, i));
        }
        // Deleted at T3: a fact with no spec.
        var deleted = ConfigFacts.changes(java.util.Map.of("acme", history), List.of(), T3, true);
        history.add(new TimelineRecord(deleted.get(0), "internal", 0, 2));
        var threshold = history.tenantSettingAsRecorded(spec -> {
            if (spec.confidenceThreshold() != null && spec.confidenceThreshold() > 0.8) {
                throw new IllegalArgumentException("refused");
            }
            return spec.confidenceThreshold();
        }, -1.0);
        assertThat(threshold.apply(T1.minusMillis(1))).as("before the first fact").isEqualTo(-1.0);
        assertThat(threshold.apply(T1)).isEqualTo(0.6);
        assertThat(threshold.apply(T2.minusMillis(1))).isEqualTo(0.6);
        assertThat(threshold.apply(T2)).as("a spec the reader refuses").isEqualTo(-1.0);
        assertThat(threshold.apply(T3.plusSeconds(1))).as("after the deletion").isEqualTo(-1.0);
    }
}
