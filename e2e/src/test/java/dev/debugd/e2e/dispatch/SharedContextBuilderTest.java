package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.context.SharedContextBuilder;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.timeline.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shared context builder follows the recorded configuration on the real stack: a tenant recorded later is worked
 * from the next refresh, a deleted one no longer, and a queue that went away does not stop the others.
 */
class SharedContextBuilderTest {

    private static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(10), Duration.ofSeconds(20));

    @Test
    void worksTheTenantsTheConfigurationRecordsUntilTheyAreDeleted() throws Exception {
        var start = Instant.now().minusSeconds(600);
        try (var loop = new Loop(Duration.ofSeconds(30), Duration.ofSeconds(120), 5)) {
            loop.configure(start, Loop.tenant("acme", 0.7), Loop.tenant("globex", 0.7));
            try (var builder = new SharedContextBuilder(loop.endpoints, loop.topics.topics, loop.postgres, loop.sqs, loop.queues,
                    "evidence_unused", GRID, Clock.systemUTC(), ref -> Optional.empty(), "readmodel")) {
                assertThat(builder.refreshTenants()).containsExactlyInAnyOrder("acme", "globex");

                loop.configure(start.plusSeconds(60), Loop.tenant("initech", 0.7));
                var acme = loop.recorded("acme").latestRecorded().get("Tenant/acme");
                loop.writer.write(ConfigFacts.deletion("acme", "Tenant", "acme", acme.uid(), acme.generation() + 1,
                        start.plusSeconds(120), new Event.Agent("test", "1")));
                assertThat(builder.refreshTenants()).containsExactlyInAnyOrder("globex", "initech");

                // globex's queue deleted behind its back: the others are still worked, and globex's again from the next refresh.
                loop.queues.delete(TaskType.CONTEXT_BUILDER.queue("globex"));
                assertThat(builder.drain()).isZero();
                assertThat(builder.refreshTenants()).containsExactlyInAnyOrder("globex", "initech");
            }
        }
    }
}
