package dev.debugd.readmodel;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Rebuilds the read model from offset 0 of the three topics into a shadow schema and swaps it in: the old
 * read model serves reads until the swap.
 */
public final class Replay {

    public static final Event.Agent AGENT = new Event.Agent("replay", "1");

    public record Summary(long records, long rejected, double seconds) {}

    private Replay() {}

    public static Summary run(Endpoints endpoints, TimelineTopics topics, PrintStream progress) throws Exception {
        var schemas = new ReadModelSchemas(endpoints.postgres());
        schemas.migrate(ReadModelSchemas.LIVE);
        schemas.recreateShadow();
        long start = System.nanoTime();
        long[] lastReport = {start};
        try (var reader = new TimelineReader(endpoints.kafka(), topics, AGENT, 2000);
                var writer = new TimelineWriter(endpoints.kafka(), topics);
                var projector = Projector.rebuilding(reader, writer, schemas, ReadModelSchemas.SHADOW)) {
            projector.catchUp(Duration.ofMillis(500), () -> {
                long now = System.nanoTime();
                if (now - lastReport[0] >= 1_000_000_000L) {
                    double seconds = (now - start) / 1e9;
                    progress.printf("replay: %d records (%.0f/s), %d rejected, lag %d%n", projector.recordsProjected(),
                            projector.recordsProjected() / seconds, projector.recordsRejected(), projector.lag());
                    lastReport[0] = now;
                }
            });
            progress.printf("replay: %d records read; computing the incidents' views%n", projector.recordsProjected());
            projector.writeAllViews();
            schemas.swapShadowIn();
            return new Summary(projector.recordsProjected(), projector.recordsRejected(), (System.nanoTime() - start) / 1e9);
        }
    }
}
