package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.store.Postgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long each fact the demo saw on the timeline took to reach the read model the projector keeps: the demo
 * shows that the read model is live, not that it was rebuilt once.
 */
final class DemoReadModelWatch implements AutoCloseable {

    /** How long facts took to appear in the read model, and the ones that never did. */
    record Delays(List<Duration> delays, int missing) {
        Duration max() {
            return delays.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }

        Duration median() {
            return delays.isEmpty() ? Duration.ZERO : delays.stream().sorted().toList().get(delays.size() / 2);
        }
    }

    private final Postgres postgres;
    private final Map<UUID, Long> pending = new HashMap<>();
    private final List<Duration> delays = new ArrayList<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "demo-read-model");
        thread.setDaemon(true);
        return thread;
    });

    DemoReadModelWatch(Endpoints.Postgres endpoint) {
        this.postgres = new Postgres(endpoint);
        checks.scheduleWithFixedDelay(this::check, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** The demo saw this fact on the timeline now. */
    synchronized void seen(UUID eventId) {
        pending.putIfAbsent(eventId, System.nanoTime());
    }

    /** Asks the read model for the facts not found yet; each one found is timed. */
    private void check() {
        Map<UUID, Long> asked;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            asked = new HashMap<>(pending);
        }
        try (var connection = postgres.connect(); var select = connection.prepareStatement("SELECT event_id FROM "
                + ReadModelSchemas.LIVE + ".timeline_events WHERE event_id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("uuid", asked.keySet().toArray()));
            long now = System.nanoTime();
            try (var rs = select.executeQuery()) {
                synchronized (this) {
                    while (rs.next()) {
                        var id = rs.getObject(1, UUID.class);
                        delays.add(Duration.ofNanos(now - asked.get(id)));
                        pending.remove(id);
                    }
                    notifyAll();
                }
            }
        } catch (SQLException e) {
            // the read model's tables appear when the projector starts; until then nothing is found, and the next check asks again
        }
    }

    /** Waits up to {@code limit} for the facts still missing, then says how it went. */
    synchronized Delays await(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return new Delays(List.copyOf(delays), pending.size());
    }

    @Override
    public void close() throws InterruptedException {
        checks.shutdownNow();
        checks.awaitTermination(5, TimeUnit.SECONDS);
    }
}
