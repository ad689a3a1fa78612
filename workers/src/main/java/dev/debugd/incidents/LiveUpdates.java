package dev.debugd.incidents;

import dev.debugd.readmodel.ReadModelSchemas;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New timeline events as the read model receives them, for the clients that follow a tenant's incidents: one poll of
 * the read model every {@code every} for everyone, fanned out by tenant. A position is the read model's generation
 * (the live schema's identity, new after every replay swaps a rebuilt one in) and the event's sequence in it; a
 * client that resumes from a position of another generation is told to reset, as every follower is when a swap
 * happens under it.
 */
public final class LiveUpdates implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
    /** How many events one poll (or one client's catching up) reads at most. */
    private static final int BATCH = 1000;

    /** Where a follower is: "generation.sequence". */
    public record Position(long generation, long seq) {

        public String text() {
            return generation + "." + seq;
        }

        public static Optional<Position> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            int dot = text.indexOf('.');
            try {
                return dot < 0 ? Optional.empty()
                        : Optional.of(new Position(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** One event as a follower sees it. */
    public record Update(long seq, String tenant, String incidentId, String eventType, int cycle, Instant time, String eventId) {}

    /** A follower of one tenant's updates. Sending fails (false) when it went away; it is then dropped. */
    public interface Follower {
        String tenant();

        boolean send(Position position, Update update);

        boolean reset(Position position);

        /** Ends the follower's stream: the server is stopping. */
        void end();
    }

    private final DataSource dataSource;
    private final String schema;
    private final Set<Follower> followers = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "live-updates");
        thread.setDaemon(true);
        return thread;
    });
    private Position last;

    public LiveUpdates(DataSource dataSource, String schema, Duration every) {
        this.dataSource = dataSource;
        this.schema = ReadModelSchemas.checked(schema);
        poller.scheduleWithFixedDelay(this::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The position of the read model's newest event now. */
    public Position now() throws SQLException {
        try (var connection = dataSource.getConnection()) {
            return end(connection);
        }
    }

    /**
     * Adds a follower that saw everything up to {@code from} (empty: nothing yet, it starts now): the events of its tenant
     * after it are sent first, or a reset when {@code from} is of an earlier generation. Returns where it starts.
     */
    public synchronized Position follow(Follower follower, Optional<Position> from) throws SQLException {
        Position position;
        try (var connection = dataSource.getConnection()) {
            var end = end(connection);
            if (from.isEmpty() || from.get().generation() != end.generation() || from.get().seq() > end.seq()) {
                position = end;
                if (from.isPresent()) {
                    follower.reset(end);
                }
            } else {
                var missed = read(connection, from.get().seq(), end.seq(), follower.tenant());
                if (missed.size() == BATCH) {
                    follower.reset(end); // more came than a catching-up sends: the client reloads instead
                } else {
                    missed.forEach(update -> follower.send(new Position(end.generation(), update.seq()), update));
                }
                position = end;
            }
        }
        followers.add(new Positioned(follower, position));
        if (last == null) {
            last = position; // the poll goes on from here, so nothing after it is missed
        }
        return position;
    }

    /** Stops sending to a follower. */
    public void unfollow(Follower follower) {
        followers.removeIf(f -> f instanceof Positioned p && p.follower == follower);
    }

    private synchronized void poll() {
        if (followers.isEmpty()) {
            last = null;
            return;
        }
        try (var connection = dataSource.getConnection()) {
            var end = end(connection);
            if (last == null) {
                last = end;
            }
            if (end.generation() != last.generation()) {
                // A replay swapped a rebuilt read model in: positions of the old one mean nothing in it.
                followers.removeIf(f -> !f.reset(end));
                last = end;
                return;
            }
            if (end.seq() <= last.seq()) {
                return;
            }
            for (var update : read(connection, last.seq(), end.seq(), null)) {
                var position = new Position(end.generation(), update.seq());
                followers.removeIf(f -> f.tenant().equals(update.tenant()) && !f.send(position, update));
                last = position;
            }
        } catch (SQLException e) {
            LOG.warn("live updates: the read model is unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("live updates: a poll failed", e); // the next poll tries again; the scheduler must keep running
        }
    }

    private Position end(Connection connection) throws SQLException {
        try (var select = connection.prepareStatement("SELECT (SELECT oid FROM pg_namespace WHERE nspname = ?),"
                + " COALESCE(max(seq), 0) FROM " + schema + ".timeline_events")) {
            select.setString(1, schema);
            try (var rows = select.executeQuery()) {
                rows.next();
                return new Position(rows.getLong(1), rows.getLong(2));
            }
        }
    }

    /** Incident events (not configuration's) after {@code after} up to {@code upTo}, at most {@link #BATCH}; of one tenant, or all. */
    private List<Update> read(Connection connection, long after, long upTo, String tenant) throws SQLException {
        var updates = new ArrayList<Update>();
        try (var select = connection.prepareStatement("SELECT seq, tenant_id, incident_id, event_type, cycle, event_time, event_id"
                + " FROM " + schema + ".timeline_events WHERE seq > ? AND seq <= ? AND incident_id NOT LIKE '\\_%'"
                + (tenant == null ? "" : " AND tenant_id = ?") + " ORDER BY seq LIMIT " + BATCH)) {
            select.setLong(1, after);
            select.setLong(2, upTo);
            if (tenant != null) {
                select.setString(3, tenant);
            }
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    updates.add(new Update(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getInt(5),
                            rows.getTimestamp(6).toInstant(), rows.getString(7)));
                }
            }
        }
        return updates;
    }

    /** Stops polling and ends every follower's stream (so that a server's graceful shutdown need not wait for them). */
    @Override
    public void close() {
        poller.shutdownNow();
        followers.forEach(Follower::end);
        followers.clear();
    }

    /** A follower with the position it had when it joined: the poll sends it only what came after. */
    private static final class Positioned implements Follower {
        private final Follower follower;
        private volatile Position from;

        Positioned(Follower follower, Position from) {
            this.follower = follower;
            this.from = from;
        }

        @Override
        public String tenant() {
            return follower.tenant();
        }

        @Override
        public boolean send(Position position, Update update) {
            if (position.generation() == from.generation() && position.seq() <= from.seq()) {
                return true; // sent while it caught up
            }
            return follower.send(position, update);
        }

        @Override
        public boolean reset(Position position) {
            from = position;
            return follower.reset(position);
        }

        @Override
        public void end() {
            follower.end();
        }
    }
}
