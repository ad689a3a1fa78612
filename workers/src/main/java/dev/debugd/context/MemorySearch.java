package dev.debugd.context;

import dev.debugd.config.Endpoints;
import dev.debugd.context.snapshot.Context;
import dev.debugd.memory.Embeddings;
import dev.debugd.memory.PastIncidents;
import dev.debugd.memory.store.MemoryStore;
import dev.debugd.memory.store.MiniLmEmbeddings;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Searches the memory the projector keeps in the served read model: at a task's start it notes the ends of the
 * timeline's partitions; when the context's evidence is read it waits until the read model's stored offsets have
 * reached them (so every resolution recorded before the task is in the memory), then embeds the incident's query with
 * MiniLM and takes the tenant's nearest entries resolved before the incident was detected. A memory that does not catch
 * up within {@code catchUp} (no projector running), or a read model that follows no partition of these topics, gives a
 * context without past incidents that says so.
 */
public final class MemorySearch implements PastIncidentSearch, AutoCloseable {

    /** How long a context waits for the memory by default: a projector a few seconds behind is caught up with. */
    public static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    private final Postgres postgres;
    private final TimelineReader timeline;
    private final List<TopicPartition> partitions;
    private final MemoryStore store;
    private final Embeddings embeddings = MiniLmEmbeddings.shared();
    private final Duration catchUp;
    private final DoubleConsumer searchMillis;

    /**
     * @param readModelSchema the served read model's schema
     * @param searchMillis    told how long each search took (embedding and query, without the wait): a benchmark's figure
     */
    public MemorySearch(Postgres postgres, Endpoints.Kafka kafka, TimelineTopics topics, String readModelSchema, Duration catchUp,
            DoubleConsumer searchMillis) {
        this.postgres = postgres;
        this.timeline = new TimelineReader(kafka, topics, ContextBuilderWork.AGENT, 1);
        this.partitions = timeline.partitions();
        this.store = new MemoryStore(readModelSchema);
        this.catchUp = catchUp;
        this.searchMillis = searchMillis;
        // The model loads here, with the role, rather than in the first context that searches (about a second).
        embeddings.embed("the memory of past incidents");
    }

    @Override
    public Pending begin() {
        var ends = timeline.endOffsets(partitions);
        return (incident, query) -> finish(ends, incident, query);
    }

    private Found finish(Map<TopicPartition, Long> ends, Context.Incident incident, String query) throws Exception {
        // Asked again every POLL_MILLIS while the projector is behind, up to the wait allowed; then the last answer.
        var waiting = Retry.of("memory-catch-up", RetryConfig.<MemoryStore.CatchUp>custom()
                .maxAttempts((int) (catchUp.toMillis() / POLL_MILLIS) + 1).waitDuration(Duration.ofMillis(POLL_MILLIS))
                .retryOnResult(state -> state == MemoryStore.CatchUp.BEHIND).retryOnException(e -> false)
                .failAfterMaxAttempts(false).build());
        try (var connection = postgres.connect()) {
            var state = waiting.executeCallable(() -> state(connection, ends));
            if (state == MemoryStore.CatchUp.BEHIND) {
                return new Found(List.of(), "past_incidents: the memory had not caught up with the timeline within "
                        + catchUp.toSeconds() + " s (is the projector running?)");
            }
            if (state == MemoryStore.CatchUp.NOT_FOLLOWED) {
                return new Found(List.of(), "past_incidents: no read model follows this timeline (no projector has run)");
            }
            long began = System.nanoTime();
            var vector = embeddings.embed(query);
            var nearest = store.nearest(connection, incident.tenant(), incident.detectedAt(), vector, PastIncidents.LIMIT * 4);
            searchMillis.accept((System.nanoTime() - began) / 1e6);
            return new Found(PastIncidents.select(nearest), "");
        }
    }

    private MemoryStore.CatchUp state(java.sql.Connection connection, Map<TopicPartition, Long> ends) throws SQLException {
        try {
            return store.catchUp(connection, ends);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined table: no projector has made this read model yet
                return MemoryStore.CatchUp.NOT_FOLLOWED;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        timeline.close();
    }
}
