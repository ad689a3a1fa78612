package dev.debugd.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.signature.GroupingSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Each row is signed under the grouping settings in force at its own time. */
class EvidenceRowsTest {

    private static final Instant CHANGE = Instant.parse("2026-05-01T10:00:00Z");

    private static ExceptionEvent exception(Instant at) {
        return new ExceptionEvent(at, "shop", "/pay", "d1", "", "", "java.lang.IllegalStateException", "pool exhausted",
                List.of(new Frame("shop.db.Pool", "take", "Pool.java", 88, true),
                        new Frame("shop.web.Checkout", "pay", "Checkout.java", 12, true)), List.of());
    }

    @Test
    void rowsOnEitherSideOfASettingsChangeCarryTheSettingsOfTheirTime() {
        var webOnly = new GroupingSettings(List.of("shop.web."));
        var evidence = new Evidence(List.of(), List.of(exception(CHANGE.minusSeconds(1)), exception(CHANGE)), List.of());
        var rows = EvidenceRows.of("acme", "b1", evidence,
                moment -> moment.isBefore(CHANGE) ? GroupingSettings.DEFAULTS : webOnly);
        var json = JsonMapper.builder().build();
        var before = json.readTree(rows.get(0).json());
        var after = json.readTree(rows.get(1).json());
        assertThat(before.get("signature_version").asInt()).isEqualTo(GroupingSettings.DEFAULTS.version());
        assertThat(after.get("signature_version").asInt()).isEqualTo(webOnly.version()).isNotEqualTo(GroupingSettings.DEFAULTS.version());
        // By default shop.db.Pool is the application's top frame; under shop.web. only, Checkout is.
        assertThat(after.get("error_signature").asString()).isNotEqualTo(before.get("error_signature").asString());
    }
}
