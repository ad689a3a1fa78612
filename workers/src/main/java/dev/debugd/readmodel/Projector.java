package dev.debugd.readmodel;

import dev.debugd.memory.Embeddings;
import dev.debugd.memory.store.MemoryStore;
import dev.debugd.memory.store.MiniLmEmbeddings;
import dev.debugd.projection.Fact;
import dev.debugd.projection.IncidentHistory;
import dev.debugd.projection.IncidentProjection;
import dev.debugd.projection.IncidentView;
import dev.debugd.readmodel.ReadModelStore.IncidentKey;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.timeline.offsets.StoredOffsets;
import dev.debugd.timeline.offsets.StoredOffsets.OffsetMove;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Folds the three topics into the read model. Each poll is one transaction: the events, the views of the
 * incidents they touch, and the offsets to go on from, so a crash at any point loses and doubles nothing.
 * Bad records are published as EventRejected before the transaction commits (their ids derive from their
 * position, so publishing again after a crash adds no new fact).
 */
public final class Projector implements AutoCloseable {

    /** Called inside each transaction just before it commits; a failure aborts it. A seam for crash tests. */
    public interface BeforeCommit {
        void check(int batch) throws Exception;
    }

    /** Another projector started after this one, or moved the offsets: this one must stop. */
    public static final class StaleWriterException extends IllegalStateException {
        StaleWriterException(long epoch) {
            super("projector epoch " + epoch + " was fenced: a newer projector owns the read model");
        }
    }

    /** How many incidents' histories a projector keeps by default (an incident is a few dozen small records). */
    public static final int CACHED_INCIDENTS = 20_000;

    private final TimelineReader reader;
    private final TimelineWriter rejections;
    private final ReadModelStore store;
    /** The past incidents' memory, part of the read model: kept in the same transactions, rebuilt by a replay. */
    private final MemoryStore memory;
    private final Embeddings embeddings = MiniLmEmbeddings.shared();
    private final StoredOffsets offsets;
    private final String schema;
    private final long schemaId;
    private final Connection connection;
    private final BeforeCommit beforeCommit;
    private final long epoch;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> positions;
    /** Recently touched incidents' histories, so a batch need not reload them; trusted because writers are fenced. */
    private final Map<IncidentKey, IncidentHistory> histories;
    private final boolean viewsPerBatch;
    private int batches;
    private long recordsProjected;
    private long recordsRejected;

    public Projector(TimelineReader reader, TimelineWriter rejections, ReadModelSchemas schemas, String schema,
            BeforeCommit beforeCommit) throws SQLException {
        this(reader, rejections, schemas, schema, beforeCommit, CACHED_INCIDENTS);
    }

    public Projector(TimelineReader reader, TimelineWriter rejections, ReadModelSchemas schemas, String schema,
            BeforeCommit beforeCommit, int cachedIncidents) throws SQLException {
        this(reader, rejections, schemas, schema, beforeCommit, cachedIncidents, true);
    }

    /**
     * A projector for a rebuild into a schema nobody reads yet: each batch stores events and offsets only, and
     * {@link #writeAllViews} computes every incident's view once at the end (views are a function of the events).
     */
    public static Projector rebuilding(TimelineReader reader, TimelineWriter rejections, ReadModelSchemas schemas,
            String schema) throws SQLException {
        return new Projector(reader, rejections, schemas, schema, batch -> { }, 0, false);
    }

    private Projector(TimelineReader reader, TimelineWriter rejections, ReadModelSchemas schemas, String schema,
            BeforeCommit beforeCommit, int cachedIncidents, boolean viewsPerBatch) throws SQLException {
        this.viewsPerBatch = viewsPerBatch;
        this.histories = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IncidentKey, IncidentHistory> eldest) {
                return size() > cachedIncidents;
            }
        };
        this.reader = reader;
        this.rejections = rejections;
        this.store = new ReadModelStore(schema);
        this.memory = new MemoryStore(schema);
        this.schema = ReadModelSchemas.checked(schema);
        this.offsets = new StoredOffsets(this.schema + ".projector_offsets", ReadModelSchemas.SETTINGS + ".projector_epoch");
        this.beforeCommit = beforeCommit;
        this.connection = schemas.connect();
        connection.setAutoCommit(false);
        this.epoch = offsets.claimEpoch(connection);
        this.partitions = reader.partitions();
        offsets.load(connection, partitions); // stores a start for partitions seen for the first time
        // Every stored offset becomes this projector's: an older one still running is fenced from its next commit on.
        if (!offsets.holds(connection, epoch)) {
            connection.rollback();
            connection.close();
            throw new StaleWriterException(epoch);
        }
        this.positions = new HashMap<>(offsets.load(connection, partitions)); // read after the claim: the older one's last commit counts
        this.schemaId = schemaId(connection, schema);
        connection.commit();
        reader.assign(positions);
    }

    private static long schemaId(Connection connection, String schema) throws SQLException {
        try (var select = connection.prepareStatement("SELECT oid FROM pg_namespace WHERE nspname = ?")) {
            select.setString(1, schema);
            try (var rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /**
     * Whether the schema this projector writes is no longer the one it started on: a replay swapped a rebuilt read model
     * in under its name. A projector fenced by that goes on by opening again; one fenced by a newer projector stops.
     */
    public boolean schemaReplaced() throws SQLException {
        try {
            return schemaId(connection, schema) != schemaId;
        } finally {
            connection.rollback();
        }
    }

    public long recordsProjected() {
        return recordsProjected;
    }

    public long recordsRejected() {
        return recordsRejected;
    }

    /** How far behind the ends of the partitions this projector is, in records. */
    public long lag() {
        var ends = reader.endOffsets(partitions);
        return ends.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - positions.get(e.getKey()))).sum();
    }

    /** Polls once and projects what came; returns the number of records read. */
    public int step(Duration pollTimeout) throws Exception {
        var batch = reader.poll(pollTimeout);
        if (batch.nextOffsets().isEmpty()) {
            return 0;
        }
        if (!batch.rejections().isEmpty()) {
            rejections.writeAll(batch.rejections());
        }
        try {
            store.upsertEvents(connection, batch.records());
            if (viewsPerBatch) {
                updateViews(batch.records());
            }
            var moves = new HashMap<TopicPartition, OffsetMove>();
            batch.nextOffsets().forEach((partition, next) -> moves.put(partition, new OffsetMove(positions.get(partition), next)));
            if (!offsets.advance(connection, moves, epoch)) {
                throw new StaleWriterException(epoch);
            }
            beforeCommit.check(++batches);
            connection.commit();
        } catch (Exception e) {
            connection.rollback();
            histories.clear(); // it may hold records of the rolled-back transaction
            reader.assign(positions); // back to the last commit: calling step again reads the batch again
            throw e;
        }
        positions.putAll(batch.nextOffsets());
        recordsProjected += batch.records().size();
        recordsRejected += batch.rejections().size();
        return batch.records().size() + batch.rejections().size();
    }

    /** Recomputes and stores the views of the incidents these records touch (in the batch's transaction). */
    private void updateViews(List<TimelineRecord> records) throws SQLException {
        var touched = new LinkedHashMap<IncidentKey, List<TimelineRecord>>();
        for (var record : records) {
            var event = record.event();
            if (!event.incidentId().startsWith("_")) { // _config and _unknown are not incidents
                touched.computeIfAbsent(new IncidentKey(event.tenantId(), event.incidentId()), k -> new ArrayList<>())
                        .add(record);
            }
        }
        // Taken out of the cache before anything is put in, so that no eviction can lose one of them.
        var batchHistories = new HashMap<IncidentKey, IncidentHistory>();
        var missing = new ArrayList<IncidentKey>();
        for (var key : touched.keySet()) {
            var cached = histories.get(key);
            if (cached == null) {
                missing.add(key);
            } else {
                batchHistories.put(key, cached);
            }
        }
        if (!missing.isEmpty()) { // stored after the upsert above, so the batch's records are among them
            store.recordsOf(connection, missing).forEach((key, stored) -> {
                var history = new IncidentHistory(key.tenantId(), key.incidentId());
                history.addAll(stored);
                batchHistories.put(key, history);
            });
        }
        var views = new LinkedHashMap<IncidentKey, IncidentView>();
        var lastEventAt = new HashMap<IncidentKey, Instant>();
        for (var entry : touched.entrySet()) {
            var history = batchHistories.get(entry.getKey());
            history.addAll(entry.getValue());
            views.put(entry.getKey(), IncidentProjection.view(history));
            lastEventAt.put(entry.getKey(), history.winners().stream().map(Fact::time)
                    .max(Comparator.naturalOrder()).orElseThrow());
        }
        if (!views.isEmpty()) {
            store.upsertIncidents(connection, views, lastEventAt);
            memory.keep(connection, views.values(), embeddings);
        }
        histories.putAll(batchHistories);
    }

    /** After a rebuild's catch-up: every incident's view from its stored events, in one transaction. */
    public void writeAllViews() throws SQLException {
        var views = new LinkedHashMap<IncidentKey, IncidentView>();
        var lastEventAt = new HashMap<IncidentKey, Instant>();
        try {
            store.forEachIncident(connection, (key, records) -> {
                var history = new IncidentHistory(key.tenantId(), key.incidentId());
                history.addAll(records);
                views.put(key, IncidentProjection.view(history));
                lastEventAt.put(key, records.stream().map(r -> r.event().time()).max(Comparator.naturalOrder()).orElseThrow());
                if (views.size() == 500) {
                    store.upsertIncidents(connection, views, lastEventAt);
                    memory.keep(connection, views.values(), embeddings);
                    views.clear();
                    lastEventAt.clear();
                }
            });
            store.upsertIncidents(connection, views, lastEventAt);
            memory.keep(connection, views.values(), embeddings);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Projects until every partition has reached the end it had when this call began. */
    public void catchUp(Duration pollTimeout, Runnable onProgress) throws Exception {
        var ends = reader.endOffsets(partitions);
        while (ends.entrySet().stream().anyMatch(e -> positions.get(e.getKey()) < e.getValue())) {
            step(pollTimeout);
            onProgress.run();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
