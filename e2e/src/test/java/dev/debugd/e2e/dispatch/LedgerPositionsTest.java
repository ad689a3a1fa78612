package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the ledger keeps each cycle's context and each root cause, on the real PostgreSQL: a batch that holds one
 * event twice (a worker's second run wrote its output again), in any order, keeps the lowest offset.
 */
class LedgerPositionsTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void aBatchWithOneEventTwiceKeepsItsLowestOffset() throws Exception {
        try (var loop = new Loop(Duration.ofSeconds(5), Duration.ofSeconds(30), 2)) {
            loop.startDispatcher(step -> { }); // creates the ledger's schema
            var cause = Event.create(T0, "acme", "inc-1", 1, new Payload.RootCauseProposed("pool exhausted",
                    RootCauseCategory.POOL_EXHAUSTION, 0.8, List.of(), null), new Event.Agent("rca", "1.0.0"),
                    "acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", null);
            var context = Event.create(T0, "acme", "inc-1", 1, new Payload.ContextBuilt(RawJson.EMPTY, List.of()),
                    new Event.Agent("context-builder", "1"), "acme/inc-1/ContextBuilt/IncidentDetected/1/cycle-1", null);
            try (var connection = loop.postgres.connect()) {
                loop.ledger.recordRootCauses(connection, List.of(new TimelineRecord(cause, "t.timeline", 2, 9),
                        new TimelineRecord(cause, "t.timeline", 2, 4)));
                loop.ledger.recordContexts(connection, List.of(new TimelineRecord(context, "t.timeline", 2, 7),
                        new TimelineRecord(context, "t.timeline", 2, 3), new TimelineRecord(context, "t.timeline", 2, 8)));

                assertThat(loop.ledger.rootCause(connection, cause.eventId())).contains(new Payload.RecordPosition("t.timeline", 2, 4));
                assertThat(loop.ledger.context(connection, "acme", "inc-1", 1))
                        .contains(new Payload.RecordPosition("t.timeline", 2, 3));
            }
        }
    }
}
