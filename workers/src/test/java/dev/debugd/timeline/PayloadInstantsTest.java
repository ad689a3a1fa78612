package dev.debugd.timeline;

import static dev.debugd.timeline.MangledInstants.YEAR_0;
import static dev.debugd.timeline.MangledInstants.YEAR_10000;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** Payload instants read the fast way give exactly what Jackson's own Instant deserializer gives, refusals included. */
class PayloadInstantsTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();
    private static final JsonMapper FAST = JsonMapper.builder()
            .addModule(new SimpleModule().addDeserializer(Instant.class, new PayloadInstants())).build();

    @Test
    void agreesWithJacksonOnWrittenAndMangledTexts() {
        qt().withExamples(30_000).forAll(longs().between(YEAR_0, YEAR_10000), integers().between(0, 999_999_999), longs().all())
                .checkAssert((seconds, nanos, seed) -> {
                    var json = "\"" + MangledInstants.text(seconds, nanos, seed, 0) + "\"";
                    assertThat(outcome(FAST, json)).as(json).isEqualTo(outcome(JACKSON, json));
                });
    }

    @Test
    void leavesOtherTokensToJackson() {
        for (var json : new String[] {"1700000000", "1700000000.5", "\" 2026-05-01T00:00:00Z \"", "\"\"", "true", "[1]"}) {
            assertThat(outcome(FAST, json)).as(json).isEqualTo(outcome(JACKSON, json));
        }
    }

    private static Object outcome(JsonMapper mapper, String json) {
        try {
            return mapper.readValue(json, Instant.class);
        } catch (JacksonException e) {
            return "refused: " + e.getClass().getSimpleName();
        }
    }
}
