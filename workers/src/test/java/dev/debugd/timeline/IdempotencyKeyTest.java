package dev.debugd.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    @Test
    void aTaskKeySeparatesEveryPartOfTheDesignsKey() {
        var base = IdempotencyKey.task("t1", "inc-1", EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, "0.3.1", 1);
        var variants = List.of(base,
                IdempotencyKey.task("t2", "inc-1", EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, "0.3.1", 1),
                IdempotencyKey.task("t1", "inc-2", EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, "0.3.1", 1),
                // fan-out from one trigger
                IdempotencyKey.task("t1", "inc-1", EventType.INSTRUMENTATION_PROPOSED, EventType.CONTEXT_BUILT, "0.3.1", 1),
                // two routes to one output
                IdempotencyKey.task("t1", "inc-1", EventType.INSTRUMENTATION_PROPOSED, EventType.ROOT_CAUSE_PROPOSED, "0.3.1", 1),
                IdempotencyKey.task("t1", "inc-1", EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, "0.4.0", 1),
                IdempotencyKey.task("t1", "inc-1", EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, "0.3.1", 2));
        assertThat(new HashSet<>(variants)).hasSize(variants.size());
        assertThat(base).isEqualTo("t1/inc-1/RootCauseProposed/ContextBuilt/0.3.1/cycle-1");
    }

    @Test
    void factsThatAreNotTaskOutputsHaveKeysOfTheirOwn() {
        assertThat(IdempotencyKey.episode("t1", "ep-9")).isEqualTo("t1/episode/ep-9");
        assertThat(IdempotencyKey.delivery("t1", "github", "72d3162e")).isEqualTo("t1/delivery/github/72d3162e");
        assertThat(IdempotencyKey.clientRequest("t1", "req-1")).isEqualTo("t1/request/req-1");
        assertThat(IdempotencyKey.configuration("t1", "AgentProfile", "rca", "3f0c0a52-1b2d-4c1e-9f0a-5d6e7f8a9b0c", 4))
                .isEqualTo("t1/config/AgentProfile/rca/uid-3f0c0a52-1b2d-4c1e-9f0a-5d6e7f8a9b0c/generation-4");
        assertThat(IdempotencyKey.rejection("debugging.timeline", 3, 17)).isEqualTo("rejected/debugging.timeline/3/17");
    }

    @Test
    void eventIdsAreNameBasedAndStable() {
        var id = IdempotencyKey.eventId("RootCauseProposed", "t1/request/req-1");
        assertThat(id.version()).isEqualTo(3);
        assertThat(id).isEqualTo(IdempotencyKey.eventId("RootCauseProposed", "t1/request/req-1"));
        assertThat(id).isNotEqualTo(IdempotencyKey.eventId("RootCauseProposed", "t1/request/req-2"));
    }
    @Test
    void eventIdsAreTheJdksNameBasedUuids() {
        var random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            var key = new StringBuilder();
            for (int c = random.nextInt(80); c > 0; c--) {
                key.appendCodePoint(random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x3000) : 0x20 + random.nextInt(0x5f));
            }
            var type = EventType.values()[random.nextInt(EventType.values().length)].wireName();
            assertThat(IdempotencyKey.eventId(type, key.toString())).isEqualTo(
                    java.util.UUID.nameUUIDFromBytes((type + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }


    @Test
    void anAgentVersionThatCouldBlurTheKeyIsRefused() {
        assertThatThrownBy(() -> IdempotencyKey.task("t1", "inc-1", EventType.FIX_DRAFTED, EventType.ROOT_CAUSE_PROPOSED,
                "1.0/../2", 1)).hasMessageContaining("agent_version");
        assertThatThrownBy(() -> IdempotencyKey.episode("t1", " ")).hasMessageContaining("episode_id is missing");
    }
}
